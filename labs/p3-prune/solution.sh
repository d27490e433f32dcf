#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
docker system df
docker images -f dangling=true
docker container prune -f
docker image prune -f
docker run --rm -v donnees-importantes:/data busybox cat /data/important.txt | grep -q 'ne pas perdre'
