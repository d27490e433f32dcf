#!/bin/sh
# expect: pass
# The balance in another file of the volume (--mount, /data/compte.txt): the lesson is that data survives the
# container, not a file name.
set -eu
docker run --name ecrivain --mount source=coffre,target=/data busybox sh -c 'echo "Solde: 1M€" > /data/compte.txt'
docker rm ecrivain
docker run --rm --mount source=coffre,target=/data busybox cat /data/compte.txt
