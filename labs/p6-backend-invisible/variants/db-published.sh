#!/bin/sh
# expect: fail db-not-published
# The database port was published (3306:3306), to reach it with a client from the machine: anyone can try it.
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
    networks: [back-net]
    ports: ["3306:3306"]
networks:
  front-net:
  back-net:
    internal: true
YAML
compose up -d --build
db_ready boutique_db_1
