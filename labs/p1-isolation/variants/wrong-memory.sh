#!/bin/sh
# expect: fail limited-container own-pid-namespace looked-inside
# 256 MB instead of 128: no container has the limits asked for, so the checks about it fail too.
set -eu
docker run -d --name isole --memory 256m --cpus 0.5 busybox sleep 3600
docker exec isole ps
