#!/bin/sh
# expect: fail api-on-database-network api-reaches-db
# The database was attached to the default bridge too: the default bridge has no DNS, the name still does not resolve.
set -eu
. ./prepare.sh
db_ready
docker network connect bridge db
