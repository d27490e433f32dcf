#!/bin/sh
# expect: fail other-untouched
# Both containers were changed: no container is left to show that the image itself is untouched.
set -eu
docker run -d --name couche-a nginx
docker run -d --name couche-b nginx
for c in couche-a couche-b; do
    docker exec "$c" sh -c 'echo "<p>modifié</p>" >> /usr/share/nginx/html/index.html'
done
