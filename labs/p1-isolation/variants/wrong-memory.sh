#!/bin/sh
# expect: fail limited-container
# 256 MB instead of 128.
set -eu
docker run -d --name isole --memory 256m --cpus 0.5 busybox sleep 3600
docker exec isole ps
