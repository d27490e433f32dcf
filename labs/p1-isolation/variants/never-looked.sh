#!/bin/sh
# expect: fail looked-inside
# The container is right, but the learner never looked at its processes.
set -eu
docker run -d --name isole --memory 128m --cpus 0.5 busybox sleep 3600
