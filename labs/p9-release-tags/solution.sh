#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
labelled_dockerfile
build 1.4.2 1.4.2
docker tag catalogue:1.4.2 catalogue:1.4
docker tag catalogue:1.4.2 catalogue:1
docker tag catalogue:1.4.2 catalogue:latest
docker images catalogue
docker image inspect -f '{{json .Config.Labels}}' catalogue:1
