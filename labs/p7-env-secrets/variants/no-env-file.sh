#!/bin/sh
# expect: fail database-password-interpolated web-password-interpolated web-talks-to-database
# No .env: DB_PASS is blank in both containers, and MySQL refuses to initialise without a password.
set -eu
. ./prepare.sh
compose up -d --build
sleep 3
compose ps
