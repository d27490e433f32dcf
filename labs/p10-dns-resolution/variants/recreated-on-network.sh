#!/bin/sh
# expect: pass
# The API created again directly on the database's network, with the command read from the broken one.
set -eu
. ./prepare.sh
db_ready
command=$(docker inspect -f '{{index .Config.Cmd 2}}' api)
docker rm -f api
docker run -d --name api --restart unless-stopped --network boutique-net busybox sh -c "$command"
