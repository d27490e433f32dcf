#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  frontend:
    image: nginx:latest
    # Visible depuis Internet
    ports: ["80:80"]
    networks:
      - front-net
  api:
    build: ./api
    # Visible seulement par le frontend
    expose: ["3000"]
    networks:
      - front-net
      - back-net
  db:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: change-moi
    # Visible seulement par l'API (totalement isolée)
    networks:
      - back-net
networks:
  front-net:
  back-net:
    internal: true
YAML
compose up -d --build
db_ready boutique_db_1
