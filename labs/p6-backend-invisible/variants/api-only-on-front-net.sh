#!/bin/sh
# expect: fail back-net-internal api-reaches-db
# The API was left on front-net only: it cannot reach the database, back-net holds the database alone.
set -eu
. ./prepare.sh
stack "80:80" "front-net"
compose up -d --build
db_ready boutique_db_1
