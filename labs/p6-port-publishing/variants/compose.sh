#!/bin/sh
# expect: pass
# Docker Compose publishing the port.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n' > "$dir/docker-compose.yml"
docker-compose --project-name ports --file "$dir/docker-compose.yml" up -d
