#!/bin/sh
# expect: fail web-waited web-talks-to-database
# The healthcheck is there, but nothing waits for it: the race is lost all the same, and web stays down.
set -eu
. ./prepare.sh
stack "$HEALTHCHECK" '    depends_on: [database]'
compose up -d --build
wait_for course_web_1 '{{.State.Status}}' exited
wait_for course_database_1 '{{.State.Health.Status}}' healthy
