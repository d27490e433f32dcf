#!/bin/sh
# expect: fail balance-in-volume read-again
# The balance was written in the container's own layer: it went away with docker rm.
set -eu
docker run --name ecrivain busybox sh -c 'echo "Solde: 1M€" > /solde.txt'
docker rm ecrivain
docker run --rm busybox cat /solde.txt || true
