#!/bin/sh
# expect: pass
# The old site removed for good, the failed container started again instead of created anew, long options.
set -eu
docker container run --detach --name site --publish 8080:80 nginx || echo "port taken, as expected"
docker container rm --force ancien-site
docker container start site
