#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run --name crash busybox sh -c 'echo "erreur fatale : base introuvable" > /tmp/crash.log; exit 1' || true
docker ps -a --filter name=crash --format '{{.Status}}' | grep -q '^Exited (1)'
if docker exec crash cat /tmp/crash.log 2>/dev/null; then echo "exec should fail on a stopped container" >&2; exit 1; fi
out=$(mktemp -d)
docker cp crash:/tmp/crash.log "$out/crash.log"
grep -q 'erreur fatale' "$out/crash.log"
rm -rf "$out"
docker diff crash
