#!/bin/sh
# expect: fail read-only-root no-capabilities no-new-privileges bounded still-answers
# --read-only without a place to write: the app cannot write its cache and stops, so no check of a running app
# can pass.
set -eu
docker build -t appli ./app
docker run -d --name appli -p 8000:8000 --read-only --cap-drop ALL --security-opt no-new-privileges \
    --memory 128m --pids-limit 100 appli
tries=0
until [ "$(docker inspect -f '{{.State.Status}}' appli)" = exited ]; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || { echo "appli should stop, unable to write its cache" >&2; exit 1; }
    sleep 0.5
done
