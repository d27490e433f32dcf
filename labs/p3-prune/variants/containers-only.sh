#!/bin/sh
# expect: fail dangling-images-removed dangling-image-deleted
# Only the containers were pruned; the untagged image is still there.
set -eu
. ./prepare.sh
docker container prune -f
