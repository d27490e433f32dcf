#!/bin/sh
# expect: pass
# After the failed ping, both containers are created again directly on mon-net (long options, --net).
set -eu
docker container run --detach --name c1 busybox sleep 3600
docker container run --detach --name c2 busybox sleep 3600
docker container exec c1 ping -c 1 -W 2 c2 || echo "bad address, as expected"
docker container rm --force c1 c2
docker network create --driver bridge mon-net
docker container run --detach --name c2 --network=mon-net busybox sleep 3600
docker container run --detach --name c1 --net mon-net busybox sleep 3600
docker container exec c1 ping -c 1 -W 2 c2
