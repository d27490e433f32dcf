#!/bin/sh
# expect: fail mon-web-stopped mon-web-removed mon-web-gone
# The learner started mon-web and stopped there.
set -eu
docker run -d --name mon-web nginx
