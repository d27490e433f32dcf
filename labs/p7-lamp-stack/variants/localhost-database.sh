#!/bin/sh
# expect: fail web-talks-to-database
# DB_HOST: localhost points the web container at itself: the database is another container, known by its service name.
set -eu
. ./prepare.sh
cat > "$STACK/docker-compose.yml" <<'YAML'
services:
  web:
    build: ./web
    ports: ["8080:80"]
    environment:
      DB_HOST: localhost
      DB_USER: root
      DB_PASSWORD: lamp-secret
      DB_NAME: boutique
  database:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: lamp-secret
      MYSQL_DATABASE: boutique
    volumes: ["db-data:/var/lib/mysql"]
volumes:
  db-data:
YAML
compose up -d --build
database_ready database
