#!/bin/sh
# expect: fail database-by-compose
# No named volume: the database keeps its data in the image's anonymous volume, which nothing names or keeps.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  web:
    build: ./web
    ports: ["8080:80"]
    environment:
      DB_HOST: database
      DB_USER: root
      DB_PASSWORD: lamp-secret
      DB_NAME: boutique
  database:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: lamp-secret
      MYSQL_DATABASE: boutique
YAML
compose up -d --build
database_ready database
