#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker run -d --name couche-a nginx
docker run -d --name couche-b nginx
docker exec couche-a sh -c 'echo "<p>modifié</p>" >> /usr/share/nginx/html/index.html'
docker diff couche-a | grep -q '^C /usr/share/nginx/html/index.html$'
docker diff couche-b
