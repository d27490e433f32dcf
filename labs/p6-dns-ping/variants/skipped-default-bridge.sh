#!/bin/sh
# expect: fail default-bridge-no-dns
# Straight onto mon-net: the ping works, but the difference with the default bridge was never seen.
set -eu
docker network create mon-net
docker run -d --name c1 --network mon-net busybox sleep 3600
docker run -d --name c2 --network mon-net busybox sleep 3600
docker exec c1 ping -c 1 -W 2 c2
