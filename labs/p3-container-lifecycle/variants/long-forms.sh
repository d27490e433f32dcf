#!/bin/sh
# expect: pass
# The same exercise with the long command forms, create + start instead of run, and a fully qualified image.
set -eu
docker container create --name=mon-web docker.io/library/nginx:latest
docker container start mon-web
docker container ls --filter name=mon-web
docker container stop --time 5 mon-web
docker container rm mon-web
