#!/bin/sh
# expect: pass
# The three containers from a compose file: init: true is compose's --init; docker-compose stop sends SIGTERM.
set -eu
. ./prepare.sh
printf 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n' > "$APP/Dockerfile"
docker build -t signaux "$APP"
cat > "$APP/docker-compose.yml" <<'YAML'
services:
  propre:
    image: signaux
  historique:
    image: signaux
    command: ["node", "legacy.js"]
    stop_grace_period: 2s
  historique-init:
    image: signaux
    command: ["node", "legacy.js"]
    init: true
YAML
docker-compose --project-name signaux --file "$APP/docker-compose.yml" up -d
listening signaux_propre_1
docker-compose --project-name signaux --file "$APP/docker-compose.yml" stop
