#!/bin/sh
# Reference solution, run by the tests with the real docker CLI (docker-compose with DOCKER_HOST) against the sandbox.
set -eu
. ./prepare.sh
stack "$HEALTHCHECK" '    depends_on:
      database:
        condition: service_healthy'
cat "$STACK/docker-compose.yml"
compose up -d --build
compose ps
