#!/bin/sh
# expect: fail restart-policy-kept
# The password is there, but the recreated database would not come back by itself after a failure.
set -eu
. ./prepare.sh
docker rm -f db
docker run -d --name db -e MYSQL_ROOT_PASSWORD=Incident-2026 -e MYSQL_DATABASE=boutique mysql:8.0
db_ready
