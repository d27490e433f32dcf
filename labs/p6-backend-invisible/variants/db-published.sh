#!/bin/sh
# expect: fail db-not-published
# The database port was published (3306:3306), to reach it with a client from the machine: anyone can try it.
set -eu
. ./prepare.sh
stack "80:80" "front-net, back-net" "3306:3306"
compose up -d --build
db_ready boutique_db_1
