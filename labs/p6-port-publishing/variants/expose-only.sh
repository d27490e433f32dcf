#!/bin/sh
# expect: fail published-8080 answers-on-8080
# --expose documents the port but publishes nothing.
set -eu
docker run -d --name web --expose 80 --expose 8080 nginx
