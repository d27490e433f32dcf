#!/bin/sh
# expect: fail volume-created web-running
# The volume was never made; the site lives in the container only.
set -eu
docker network create reseau-distant
docker run -d --name web-distant --network reseau-distant nginx
