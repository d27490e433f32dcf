#!/bin/sh
# expect: fail no-capabilities
# ALL is dropped, but SYS_ADMIN (almost root) is added back.
set -eu
docker build -t appli ./app
docker run -d --name appli -p 8000:8000 --read-only --tmpfs /tmp --cap-drop ALL --cap-add SYS_ADMIN \
    --security-opt no-new-privileges --memory 128m --pids-limit 100 appli
