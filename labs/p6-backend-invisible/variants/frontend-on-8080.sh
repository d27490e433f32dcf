#!/bin/sh
# expect: fail frontend-published
# The frontend was published on 8080 (8080:80) instead of port 80.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  frontend:
    image: nginx:latest
    ports: ["8080:80"]
    networks: [front-net]
  api:
    build: ./api
    expose: ["3000"]
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
