#!/bin/sh
# expect: fail mon-net c2-resolves
# Both pings were done, then c2 was removed to tidy up before asking for the validation: mon-net no longer links
# c1 and c2, and c2's name no longer resolves.
set -eu
docker run -d --name c1 busybox sleep 3600
docker run -d --name c2 busybox sleep 3600
docker exec c1 ping -c 1 -W 2 c2 || true
docker network create mon-net
docker network connect mon-net c1
docker network connect mon-net c2
docker exec c1 ping -c 1 -W 2 c2
docker rm -f c2
