#!/bin/sh
# expect: fail database-password-interpolated web-password-interpolated
# $${DB_PASS} escapes the interpolation: the literal text ${DB_PASS} becomes the password.
set -eu
. ./prepare.sh
printf 'DB_PASS=Bl3u-Ciel-2026\n' > "$STACK/.env"
sed -i 's/\${DB_PASS}/$${DB_PASS}/' "$STACK/docker-compose.yml"
compose up -d --build
database_ready
