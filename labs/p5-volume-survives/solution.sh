#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker volume create coffre
docker run --name ecrivain -v coffre:/data busybox sh -c 'echo "Solde: 1M€" > /data/solde.txt'
docker rm ecrivain
docker run --rm -v coffre:/data busybox cat /data/solde.txt | grep -q 'Solde: 1M€'
