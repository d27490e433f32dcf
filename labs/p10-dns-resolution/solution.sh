#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox (its setup made api and db).
set -eu
. ./prepare.sh
db_ready
docker logs --tail 3 api
docker inspect -f '{{json .NetworkSettings.Networks}}' api db
docker network connect boutique-net api
docker exec api nc -w 2 db 3306 </dev/null
