#!/bin/sh
# expect: pass
# Other names, and the file changed by copying a new version in with docker cp instead of docker exec.
set -eu
docker run -d --name premier nginx:latest
docker run -d --name second docker.io/library/nginx
page=$(mktemp)
docker cp premier:/usr/share/nginx/html/index.html "$page"
echo '<p>modifié</p>' >> "$page"
docker cp "$page" premier:/usr/share/nginx/html/index.html
rm -f "$page"
