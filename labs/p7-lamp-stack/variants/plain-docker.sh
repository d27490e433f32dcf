#!/bin/sh
# expect: fail web-by-compose database-by-compose
# The same stack with docker run: it works, but the exercise is to describe it in a compose file.
set -eu
. ./prepare.sh
docker network create lamp
docker volume create db-data
docker run -d --name database --network lamp -e MYSQL_ROOT_PASSWORD=lamp-secret -e MYSQL_DATABASE=boutique \
    -v db-data:/var/lib/mysql mysql:8.0
docker build -t lamp-web "$STACK/web"
docker run -d --name web --network lamp -p 8080:80 -e DB_HOST=database -e DB_USER=root -e DB_PASSWORD=lamp-secret \
    -e DB_NAME=boutique lamp-web
until docker exec database mysqladmin ping -h localhost --silent; do sleep 1; done
