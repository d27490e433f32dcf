#!/bin/sh
# expect: pass
# A version 3.8 file, list-style environment, the long port syntax, container names, down then up again.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
version: "3.8"
services:
  web:
    build:
      context: ./web
    container_name: lamp-web
    ports:
      - target: 80
        published: 8080
    environment:
      - DB_HOST=database
      - DB_USER=root
      - DB_PASSWORD=lamp-secret
      - DB_NAME=boutique
    depends_on:
      - database
  database:
    image: mysql:8.0
    container_name: lamp-mysql
    environment:
      - MYSQL_ROOT_PASSWORD=lamp-secret
      - MYSQL_DATABASE=boutique
    volumes:
      - type: volume
        source: db-data
        target: /var/lib/mysql
volumes:
  db-data: {}
YAML
compose up -d --build
database_ready database
compose down
compose up -d
database_ready database
