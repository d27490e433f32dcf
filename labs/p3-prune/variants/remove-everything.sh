#!/bin/sh
# expect: fail running-container-kept
# docker rm -f on every container: the running server is gone too.
set -eu
. ./prepare.sh
docker rm -f $(docker ps -aq)
docker image prune -f
