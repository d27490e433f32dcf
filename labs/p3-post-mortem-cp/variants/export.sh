#!/bin/sh
# expect: pass
# docker export of the whole file system instead of docker cp, as the course allows.
set -eu
docker run --name crash busybox sh -c 'echo "erreur fatale" > /tmp/crash.log; exit 3' || true
docker export crash | tar -xOf - tmp/crash.log | grep -q 'erreur fatale'
