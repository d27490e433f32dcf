#!/bin/sh
# expect: fail two-containers-one-image other-untouched
# Only one container: nothing shows that layers are shared, and there is no other container left untouched.
set -eu
docker run -d --name couche-a nginx
docker exec couche-a sh -c 'echo "<p>modifié</p>" >> /usr/share/nginx/html/index.html'
docker diff couche-a
