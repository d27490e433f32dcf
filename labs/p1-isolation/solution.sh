#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run -d --name isole --memory 128m --cpus 0.5 busybox sleep 3600
docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}' isole
docker exec isole ps | grep -q '^ *1 .*sleep 3600'
