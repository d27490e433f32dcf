#!/bin/sh
# expect: fail api-not-published
# ports: instead of expose: the API is published on the machine for anyone to call.
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
    ports: ["3000:3000"]
    networks: [front-net, back-net]
  db:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: change-moi
    networks: [back-net]
networks:
  front-net:
  back-net:
    internal: true
YAML
compose up -d --build
db_ready boutique_db_1
