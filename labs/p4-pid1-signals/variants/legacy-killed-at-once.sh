#!/bin/sh
# expect: fail sigkill-seen
# The legacy app was killed with docker kill instead of docker stop: SIGKILL at once, so SIGTERM being ignored
# (and the 10 s wait before SIGKILL) was never seen.
set -eu
. ./prepare.sh
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n' > "$APP/Dockerfile"
docker build -t signaux "$APP"
docker run -d --name propre signaux
listening propre
docker stop propre
docker run -d --name historique signaux node legacy.js
docker kill historique
docker run -d --init --name historique-init signaux node legacy.js
docker stop historique-init
