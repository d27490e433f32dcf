#!/bin/sh
# expect: fail file-recovered-after-death
# The file was copied while the container still ran, not post-mortem. The container crashes only once the copy is
# done (it waits for /tmp/copied), so the order holds however slow the machine.
set -eu
docker run -d --name crash busybox sh -c 'echo "erreur fatale" > /tmp/crash.log; until [ -e /tmp/copied ]; do sleep 0.1; done; exit 1'
out=$(mktemp -d)
tries=0
until docker cp crash:/tmp/crash.log "$out/crash.log" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || { echo "crash never wrote its log" >&2; exit 1; }
    sleep 0.2
done
# The signal goes in with docker cp, not docker exec: an exec whose container exits as soon as it sees the file can be
# killed with it (exit 137), which failed this script on a busy machine.
: > "$out/copied"
docker cp "$out/copied" crash:/tmp/copied
rm -rf "$out"
docker wait crash
