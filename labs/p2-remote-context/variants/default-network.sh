#!/bin/sh
# expect: fail web-running web-answers
# The network was created, but the server runs on the default bridge: nothing on reseau-distant can reach it.
set -eu
docker network create reseau-distant
docker volume create donnees-distantes
docker run -d --name web-distant -v donnees-distantes:/usr/share/nginx/html nginx
