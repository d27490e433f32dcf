#!/bin/sh
# expect: fail old-site-retired new-site-on-8080 port-serves-new-site
# The new site went to 8081: the incident is walked around, port 8080 still serves the old site.
set -eu
docker run -d --name site -p 8081:80 nginx
