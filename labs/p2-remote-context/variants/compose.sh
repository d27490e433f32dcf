#!/bin/sh
# expect: pass
# Docker Compose: it prefixes the network and volume with the project name and labels them with their short names.
set -eu
dir=$(mktemp -d)
cat > "$dir/docker-compose.yml" <<'YAML'
version: "3.8"
services:
  web-distant:
    image: nginx
    networks: [reseau-distant]
    volumes: ["donnees-distantes:/usr/share/nginx/html"]
networks:
  reseau-distant: {}
volumes:
  donnees-distantes: {}
YAML
docker-compose --project-name distant --file "$dir/docker-compose.yml" up -d
rm -rf "$dir"
