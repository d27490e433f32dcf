#!/bin/sh
# expect: fail limited-container own-pid-namespace looked-inside
# The learner forgot the limits: nothing stops this container from eating the machine. The other checks look
# at the limited container, so they fail too.
set -eu
docker run -d --name isole busybox sleep 3600
docker exec isole ps
