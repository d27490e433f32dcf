#!/bin/sh
# expect: fail ping-by-name
# The containers are on mon-net, but c1 pings c2's address, never its name.
set -eu
docker run -d --name c1 busybox sleep 3600
docker run -d --name c2 busybox sleep 3600
docker exec c1 ping -c 1 -W 2 c2 || true
docker network create mon-net
docker network connect mon-net c1
docker network connect mon-net c2
address=$(docker inspect -f '{{(index .NetworkSettings.Networks "mon-net").IPAddress}}' c2)
docker exec c1 ping -c 1 -W 2 "$address"
