#!/bin/sh
# expect: fail file-changed
# A new file was added (A), but index.html, the image's own file, was never changed (C).
set -eu
docker run -d --name couche-a nginx
docker run -d --name couche-b nginx
docker exec couche-a sh -c 'echo "<p>nouveau</p>" > /usr/share/nginx/html/nouveau.html'
