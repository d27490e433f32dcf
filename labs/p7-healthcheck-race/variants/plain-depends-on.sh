#!/bin/sh
# expect: fail database-healthy web-waited web-talks-to-database
# depends_on without a condition: web starts as soon as the database container exists and crashes on the connection.
set -eu
. ./prepare.sh
stack '' '    depends_on: [database]'
compose up -d --build
wait_for course_web_1 '{{.State.Status}}' exited
compose ps
