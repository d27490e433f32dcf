#!/bin/sh
# expect: fail own-pid-namespace
# Sharing another container's PID namespace: inside, PID 1 is the other container's process, not its own.
# (--pid host, the other way to get this wrong, is refused by the rootless sandbox itself.)
set -eu
docker run -d --name voisin busybox sleep 3600
docker run -d --name isole --memory 128m --cpus 0.5 --pid container:voisin busybox sleep 3600
docker exec isole ps
