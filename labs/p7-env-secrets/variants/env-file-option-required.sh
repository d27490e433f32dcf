#!/bin/sh
# expect: pass
# The variables in a file given with --env-file, the required-variable syntax ${DB_PASS:?}, quotes in the file.
set -eu
. ./prepare.sh
printf '# secrets de la boutique\nDB_PASS="Bl3u-Ciel-2026"\n' > "$STACK/prod.env"
sed -i 's/\${DB_PASS}/${DB_PASS:?définissez DB_PASS}/' "$STACK/docker-compose.yml"
compose --env-file "$STACK/prod.env" config >/dev/null
compose --env-file "$STACK/prod.env" up -d --build
tries=0
until docker exec secrets_database_1 mysqladmin ping -h localhost --silent; do
    tries=$((tries + 1)); [ "$tries" -lt 60 ] || exit 1; sleep 1
done
