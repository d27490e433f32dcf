#!/bin/sh
# expect: fail balance-in-volume read-again
# -v /data makes an anonymous volume per container: the second container gets a new, empty one.
set -eu
docker run --name ecrivain -v /data busybox sh -c 'echo "Solde: 1M€" > /data/solde.txt'
docker rm ecrivain
docker run --rm -v /data busybox cat /data/solde.txt || true
