#!/bin/sh
# expect: pass
# The same two containers with docker run, the local driver for web and 15m x 2 for worker.
set -eu
docker run -d --name web -p 8080:80 --log-driver local --log-opt max-size=10m --log-opt max-file=3 nginx
docker run -d --name worker --log-opt max-size=15m --log-opt max-file=2 busybox \
    sh -c 'while true; do echo "$(date) traitement de la file d'"'"'attente"; sleep 0.1; done'
