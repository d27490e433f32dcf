#!/bin/sh
# Reference solution, run by the tests with the real docker CLI (docker-compose with DOCKER_HOST) against the sandbox.
set -eu
. ./prepare.sh
printf 'DB_PASS=Bl3u-Ciel-2026\n' > "$STACK/.env"
compose config | grep -q 'MYSQL_ROOT_PASSWORD: Bl3u-Ciel-2026'
compose up -d --build
database_ready
