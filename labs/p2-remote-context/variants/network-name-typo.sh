#!/bin/sh
# expect: fail network-created web-running web-answers
# The network was created as reseau_distant (an underscore) and the server put on it: neither is where the
# exercise (and whoever looks for reseau-distant) expects them.
set -eu
docker network create reseau_distant
docker volume create donnees-distantes
docker run -d --name web-distant --network reseau_distant -v donnees-distantes:/usr/share/nginx/html nginx
