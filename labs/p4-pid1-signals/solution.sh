#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
# docker stop -t 2 instead of the default 10 s keeps the tests short; the outcome is the same.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
COPY . .
# Exec form: node is PID 1 and receives SIGTERM itself.
CMD ["node", "server.js"]
DOCKERFILE
docker build -t signaux "$APP"

docker run -d --name propre signaux
listening propre
docker stop propre
stopped_with propre 0

docker run -d --name historique signaux node legacy.js
sleep 1
docker stop -t 2 historique
stopped_with historique 137

docker run -d --init --name historique-init signaux node legacy.js
sleep 1
docker stop historique-init
stopped_with historique-init 143
