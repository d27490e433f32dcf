#!/bin/sh
# expect: pass
# The long --mount and --network= syntax, and the volume created by the run itself.
set -eu
docker network create --driver bridge reseau-distant
docker container run --detach --name web-distant --network=reseau-distant \
    --mount type=volume,source=donnees-distantes,target=/usr/share/nginx/html nginx:latest
