#!/bin/sh
# expect: pass
# The same architecture with docker commands: networks made by hand, the API joined to back-net afterwards.
set -eu
docker network create front-net
docker network create --internal back-net
docker build -t boutique-api ./api
docker run -d --name db --network back-net -e MYSQL_ROOT_PASSWORD=change-moi mysql:8.0
docker run -d --name api --network front-net --expose 3000 boutique-api
docker network connect back-net api
docker run -d --name frontend --network front-net -p 80:80 nginx
. ./prepare.sh
db_ready db
