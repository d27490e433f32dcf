#!/bin/sh
# expect: fail useful-images-kept
# docker system prune -a: busybox, which no running container uses, is gone too.
set -eu
. ./prepare.sh
docker system prune -a -f
