#!/bin/sh
# expect: fail stopped-containers-removed old-container-pruned
# Only docker image prune: the untagged image is gone, but the stopped containers (ancien-1, ancien-2, ecrivain)
# are all still there.
set -eu
. ./prepare.sh
docker image prune -f
