#!/bin/sh
# expect: pass
# The same clean-up by hand, object by object, instead of the prune commands.
set -eu
. ./prepare.sh
docker rm ancien-1 ancien-2 ecrivain
docker rmi $(docker images -q --filter dangling=true)
