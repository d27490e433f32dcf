#!/bin/sh
# expect: pass
# The shortcut the instructions allow: stop and remove at once (SIGKILL).
set -eu
docker run -d --name mon-web nginx
docker rm -f mon-web
