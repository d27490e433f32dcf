#!/bin/sh
# expect: fail bounded no-new-privileges
# Read-only and without capabilities, but unbounded and without no-new-privileges.
set -eu
docker build -t appli ./app
docker run -d --name appli -p 8000:8000 --read-only --tmpfs /tmp --cap-drop ALL appli
