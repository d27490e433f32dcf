#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox (its setup made ancien-site).
set -eu
if docker run -d --name site -p 8080:80 nginx; then echo "port 8080 should be taken" >&2; exit 1; fi
docker rm site
docker ps --filter publish=8080 --format '{{.Names}} {{.Ports}}'
docker stop ancien-site
docker run -d --name site -p 8080:80 nginx
