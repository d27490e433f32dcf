#!/bin/sh
# expect: fail own-pid-namespace
# Sharing the machine's PID namespace: inside, PID 1 is the machine's init, not the container's process.
set -eu
docker run -d --name isole --memory 128m --cpus 0.5 --pid host busybox sleep 3600
docker exec isole ps
docker top isole
