#!/bin/sh
# expect: fail db-stable
# MYSQL_ALLOW_EMPTY_PASSWORD silences the error by leaving root without a password.
set -eu
. ./prepare.sh
docker rm -f db
docker run -d --name db --restart always -e MYSQL_ALLOW_EMPTY_PASSWORD=yes -e MYSQL_DATABASE=boutique mysql:8.0
db_ready
