#!/bin/sh
# expect: pass
# A version 2.4 file (where depends_on conditions began), the healthcheck as a CMD-SHELL string, the race seen first.
set -eu
. ./prepare.sh
stack '' '    depends_on: [database]'
compose up -d --build
sleep 2
compose ps
compose down
cat > "$STACK/docker-compose.yml" <<'YAML'
version: "2.4"
services:
  web:
    build: ./web
    ports:
      - "8080:80"
    environment:
      - DB_HOST=database
      - DB_USER=root
      - DB_PASSWORD=course-secret
      - DB_NAME=boutique
    depends_on:
      database:
        condition: service_healthy
  database:
    image: mysql:8.0
    environment:
      - MYSQL_ROOT_PASSWORD=course-secret
      - MYSQL_DATABASE=boutique
    healthcheck:
      test: mysqladmin ping -h localhost --silent
      interval: 1s
      retries: 30
YAML
compose up -d --build
