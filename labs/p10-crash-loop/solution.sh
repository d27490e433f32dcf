#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox (its setup made db).
set -eu
. ./prepare.sh
docker ps -a --filter name=db --format '{{.Names}} {{.Status}}'
docker logs db 2>&1 | grep -q 'password option is not specified'
docker inspect -f '{{.RestartCount}} {{.HostConfig.RestartPolicy.Name}} {{json .Config.Env}}' db
docker rm -f db
docker run -d --name db --restart always -e MYSQL_ROOT_PASSWORD=Incident-2026 -e MYSQL_DATABASE=boutique mysql:8.0
db_ready
