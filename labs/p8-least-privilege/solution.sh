#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
docker build -t appli ./app
docker run -d --name appli -p 8000:8000 \
    --read-only --tmpfs /tmp \
    --cap-drop ALL \
    --security-opt no-new-privileges \
    --memory 128m --pids-limit 100 \
    appli
sleep 1
docker exec appli sh -c 'touch /app/essai' && { echo "the root file system should be read-only" >&2; exit 1; }
docker inspect -f '{{.State.Status}}' appli | grep -q running
