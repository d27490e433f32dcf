#!/bin/sh
# expect: fail graceful-stop
# The server is removed with docker rm -f: SIGKILL at once, it never gets the chance to stop cleanly.
set -eu
. ./prepare.sh
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n' > "$APP/Dockerfile"
docker build -t signaux "$APP"
docker run -d --name propre signaux
listening propre
docker rm -f propre
docker run -d --name historique signaux node legacy.js
sleep 1
docker stop -t 2 historique
docker run -d --init --name historique-init signaux node legacy.js
sleep 1
docker stop historique-init
