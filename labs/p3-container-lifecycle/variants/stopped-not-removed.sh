#!/bin/sh
# expect: fail mon-web-removed mon-web-gone
# The learner stopped mon-web but forgot to remove it.
set -eu
docker run -d --name mon-web nginx
docker stop mon-web
