#!/bin/sh
# expect: fail db-invisible-from-frontend
# The database was also put on front-net: the frontend can reach it.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  frontend:
    image: nginx:latest
    ports: ["80:80"]
    networks: [front-net]
  api:
    build: ./api
    expose: ["3000"]
    networks: [front-net, back-net]
  db:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: change-moi
    networks: [front-net, back-net]
networks:
  front-net:
  back-net:
    internal: true
YAML
compose up -d --build
db_ready boutique_db_1
