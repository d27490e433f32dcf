#!/bin/sh
# expect: fail database-password-interpolated web-password-interpolated web-talks-to-database
# The variables are given through an env_file: Compose 1.29 interpolates it from the shell's environment only, not
# from .env, so both containers get an empty password (and MySQL refuses to initialise).
set -eu
. ./prepare.sh
printf 'DB_PASS=Bl3u-Ciel-2026\n' > "$STACK/.env"
printf 'MYSQL_ROOT_PASSWORD=${DB_PASS}\nDB_PASSWORD=${DB_PASS}\n' > "$STACK/secrets.env"
sed -i '/DB_PASSWORD: \${DB_PASS}/d; /MYSQL_ROOT_PASSWORD: \${DB_PASS}/d' "$STACK/docker-compose.yml"
sed -i 's/^    environment:$/    env_file: [secrets.env]\n    environment:/' "$STACK/docker-compose.yml"
compose up -d --build
sleep 3
