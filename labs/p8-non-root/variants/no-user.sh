#!/bin/sh
# expect: fail image-user container-user
# No USER: the app runs as root.
set -eu
. ./prepare.sh
printf 'FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n' > "$APP/Dockerfile"
docker build -t appli-durcie "$APP"
docker run -d --name appli -p 8000:8000 appli-durcie
