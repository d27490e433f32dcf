#!/bin/sh
# expect: fail mon-web-started mon-web-stopped mon-web-removed
# The learner did every step, but with a container named monweb.
set -eu
docker run -d --name monweb nginx
docker stop monweb
docker rm monweb
