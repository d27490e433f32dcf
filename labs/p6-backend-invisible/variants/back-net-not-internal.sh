#!/bin/sh
# expect: fail back-net-internal
# back-net is an ordinary bridge: the database could reach out to the Internet.
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
networks:
  front-net:
  back-net:
YAML
compose up -d --build
db_ready boutique_db_1
