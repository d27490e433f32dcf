#!/bin/sh
# expect: fail file-recovered-after-death
# The file was copied while the container still ran, not post-mortem.
set -eu
docker run -d --name crash busybox sh -c 'echo "erreur fatale" > /tmp/crash.log; sleep 3; exit 1'
sleep 1
out=$(mktemp -d)
docker cp crash:/tmp/crash.log "$out/crash.log"
rm -rf "$out"
docker wait crash
