#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run -d --name c1 busybox sleep 3600
docker run -d --name c2 busybox sleep 3600
if docker exec c1 ping -c 1 -W 2 c2; then echo "c2 should not resolve on the default bridge" >&2; exit 1; fi
docker network create mon-net
docker network connect mon-net c1
docker network connect mon-net c2
docker exec c1 ping -c 1 -W 2 c2
docker exec c1 cat /etc/resolv.conf
