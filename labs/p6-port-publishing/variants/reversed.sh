#!/bin/sh
# expect: fail published-8080 answers-on-8080
# The ports are the wrong way round: the machine's port 80 goes to a port 8080 nobody listens on.
set -eu
docker run -d --name web -p 80:8080 nginx
