#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
with_logging 10m 3 web worker
cat "$STACK/docker-compose.yml"
compose up -d
docker inspect --format '{{.Name}} {{json .HostConfig.LogConfig}}' prod_web_1 prod_worker_1
