#!/bin/sh
# Reference solution, run by the tests with the real docker CLI (docker-compose with DOCKER_HOST) against the sandbox.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  web:
    build: ./web
    ports:
      - "8080:80"
    environment:
      DB_HOST: database
      DB_USER: root
      DB_PASSWORD: lamp-secret
      DB_NAME: boutique
    depends_on:
      - database
  database:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: lamp-secret
      MYSQL_DATABASE: boutique
    volumes:
      - db-data:/var/lib/mysql
volumes:
  db-data:
YAML
compose up -d --build
compose ps
database_ready database
compose logs --tail 5
