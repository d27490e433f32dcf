#!/bin/sh
# expect: pass
# Another name, the memory in bytes, the CPU as a CFS quota, a shell inside instead of ps directly.
set -eu
docker container run --detach --name=limite --memory=134217728 --cpu-quota=50000 --cpu-period=100000 \
    busybox sleep 3600
docker container exec limite sh -c 'ps'
