#!/bin/sh
# expect: fail front-net frontend-reaches-api
# The API was put on back-net only: the frontend cannot reach it by name, front-net links the frontend alone.
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
    networks: [back-net]
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
