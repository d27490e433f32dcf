#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run -d --name mon-web nginx
docker ps --filter name=mon-web --format '{{.Names}} {{.Status}}' | grep -q '^mon-web Up'
docker stop mon-web
docker rm mon-web
