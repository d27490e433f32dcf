#!/bin/sh
# expect: fail database-healthy web-waited web-talks-to-database
# A healthcheck copied from a web service (curl, which the MySQL image does not have): the database never becomes
# healthy, so docker-compose refuses to start web at all.
set -eu
. ./prepare.sh
stack '    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3306"]
      interval: 1s
      timeout: 2s
      retries: 3' '    depends_on:
      database:
        condition: service_healthy'
if compose up -d --build; then echo "web should not start behind an unhealthy database" >&2; exit 1; fi
wait_for course_database_1 '{{.State.Health.Status}}' unhealthy
