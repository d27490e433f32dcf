#!/bin/sh
# expect: fail crash-happened file-recovered-after-death layer-kept
# The command writes the log but ends normally (exit 0 instead of exit 1): nothing crashed, so there is no
# post-mortem to do, even though the file was copied out afterwards.
set -eu
docker run --name crash busybox sh -c 'echo "erreur fatale : base introuvable" > /tmp/crash.log'
out=$(mktemp -d)
docker cp crash:/tmp/crash.log "$out/crash.log"
rm -rf "$out"
