#!/bin/sh
# expect: fail writer-removed
# The balance is read back, but the container that wrote it was never removed: nothing shows it survives removal.
set -eu
docker run --name ecrivain -v coffre:/data busybox sh -c 'echo "Solde: 1M€" > /data/solde.txt'
docker run --rm -v coffre:/data busybox cat /data/solde.txt
