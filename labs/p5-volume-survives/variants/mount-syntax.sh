#!/bin/sh
# expect: pass
# --mount instead of -v, the volume created by the first run itself, a reader kept afterwards, docker container rm.
set -eu
docker container run --name ecrivain --mount type=volume,source=coffre,target=/coffre busybox \
    sh -c 'printf "Solde: 1M€\n" > /coffre/solde.txt'
docker container rm ecrivain
docker container run --name lecteur --mount source=coffre,destination=/lecture,readonly busybox cat /lecture/solde.txt
