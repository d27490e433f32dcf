#!/bin/sh
# expect: fail frontend-published
# The frontend was published on 8080 (8080:80) instead of port 80.
set -eu
. ./prepare.sh
stack "8080:80" "front-net, back-net"
compose up -d --build
db_ready boutique_db_1
