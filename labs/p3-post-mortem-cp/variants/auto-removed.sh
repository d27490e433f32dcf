#!/bin/sh
# expect: fail file-recovered-after-death layer-kept
# --rm removed the container with its writable layer: there is nothing left to copy.
set -eu
docker run --rm --name crash busybox sh -c 'echo "erreur fatale" > /tmp/crash.log; exit 1' || true
docker cp crash:/tmp/crash.log /tmp/crash.log || true
