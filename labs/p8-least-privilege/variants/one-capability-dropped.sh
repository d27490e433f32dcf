#!/bin/sh
# expect: fail no-capabilities
# Only NET_RAW is dropped: the container keeps every other default capability.
set -eu
docker build -t appli ./app
docker run -d --name appli -p 8000:8000 --read-only --tmpfs /tmp --cap-drop NET_RAW \
    --security-opt no-new-privileges --memory 128m --pids-limit 100 appli
