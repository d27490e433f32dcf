#!/bin/sh
# expect: fail web-waited
# The healthcheck is there, but nothing waits for it: the race is lost all the same.
set -eu
. ./prepare.sh
stack "$HEALTHCHECK" '    depends_on: [database]'
compose up -d --build
sleep 8
