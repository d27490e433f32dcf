#!/bin/sh
# expect: fail database-healthy web-waited
# restart: on-failure (and no healthcheck) gets web running in the end, after crashing until MySQL was ready: the
# race is hidden, not solved.
set -eu
. ./prepare.sh
stack '' '    depends_on: [database]' '    restart: on-failure'
compose up -d --build
tries=0
until docker inspect -f '{{.State.Status}} {{.RestartCount}}' course_web_1 | grep -Eq '^running [1-9]'; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || exit 1
    sleep 1
done
serving course_web_1
