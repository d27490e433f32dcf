#!/bin/sh
# expect: fail limited-container
# The learner forgot the limits: nothing stops this container from eating the machine.
set -eu
docker run -d --name isole busybox sleep 3600
docker exec isole ps
