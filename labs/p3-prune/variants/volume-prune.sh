#!/bin/sh
# expect: fail volume-kept
# docker volume prune: the volume no container uses goes, with its data. (Engines before API 1.42 remove named
# volumes too; newer ones need --all for that.)
set -eu
. ./prepare.sh
docker container prune -f
docker image prune -f
if [ "$(printf '%s\n1.42\n' "$(docker version --format '{{.Server.APIVersion}}')" | sort -V | head -n 1)" = 1.42 ]; then
    docker volume prune --all -f
else
    docker volume prune -f
fi
