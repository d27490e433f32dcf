#!/bin/sh
# expect: fail new-site-on-8080 port-serves-new-site
# The port was freed, but the new site was never started (the failed run left it created, not running).
set -eu
docker run -d --name site -p 8080:80 nginx || true
docker stop ancien-site
