#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run -d --name web -p 8080:80 nginx
docker port web
