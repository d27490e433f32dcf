#!/bin/sh
# expect: pass
# The same hardening in a compose file.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -R app "$dir/app"
cat > "$dir/docker-compose.yml" <<'YAML'
services:
  appli:
    build: ./app
    image: appli
    ports: ["8000:8000"]
    read_only: true
    tmpfs: [/tmp]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    mem_limit: 128m
    pids_limit: 100
YAML
docker-compose --project-name durci --file "$dir/docker-compose.yml" up -d --build
