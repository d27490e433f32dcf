#!/bin/sh
# expect: fail exec-form
# CMD in shell form: Docker starts /bin/sh -c "node server.js". (This image's busybox sh happens to exec the last
# command, so the stop is still clean here; the image is wrong all the same.)
set -eu
. ./prepare.sh
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD node server.js\n' > "$APP/Dockerfile"
docker build -t signaux "$APP"
docker run -d --name propre signaux
listening propre
docker stop propre
docker run -d --name historique signaux node legacy.js
sleep 1
docker stop -t 2 historique
docker run -d --init --name historique-init signaux node legacy.js
sleep 1
docker stop historique-init
