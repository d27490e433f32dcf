#!/bin/sh
# expect: fail front-net frontend-reaches-api
# The API was put on back-net only: the frontend cannot reach it by name, front-net links the frontend alone.
set -eu
. ./prepare.sh
stack "80:80" "back-net"
compose up -d --build
db_ready boutique_db_1
