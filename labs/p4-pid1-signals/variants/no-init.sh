#!/bin/sh
# expect: fail init-forwards
# The legacy app is run twice without --init: both stops end with SIGKILL.
set -eu
. ./prepare.sh
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n' > "$APP/Dockerfile"
docker build -t signaux "$APP"
docker run -d --name propre signaux
listening propre
docker stop propre
docker run -d --name historique signaux node legacy.js
sleep 1
docker stop -t 2 historique
docker run -d --name historique-init signaux node legacy.js
sleep 1
docker stop -t 2 historique-init
