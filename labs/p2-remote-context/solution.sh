#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox (DOCKER_HOST set;
# a learner runs the same commands through their SSH context).
set -eu
docker info --format '{{.Name}}' >/dev/null
docker network create reseau-distant
docker volume create donnees-distantes
docker run -d --name web-distant --network reseau-distant -v donnees-distantes:/usr/share/nginx/html nginx
docker ps --filter name=web-distant --format '{{.Names}} {{.Status}}' | grep -q '^web-distant Up'
