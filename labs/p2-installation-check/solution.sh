#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker version --format '{{.Server.Os}}/{{.Server.Arch}}' | grep -qx 'linux/amd64'
docker run hello-world | grep -q 'Hello from Docker!'
docker ps -a --filter ancestor=hello-world --format '{{.Status}}' | grep -q '^Exited (0)'
