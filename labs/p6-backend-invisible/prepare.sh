# Sourced by the scripts of this lab: a folder holding a copy of api/, where a script writes its compose file.
STACK=$(mktemp -d)
cp -R api "$STACK/api"
trap 'rm -rf "$STACK"' EXIT

# compose ARGS…: docker-compose on the folder's docker-compose.yml, as project "boutique".
compose() {
    docker-compose --project-name boutique --file "$STACK/docker-compose.yml" "$@"
}

# db_ready CONTAINER: waits until the database answers (MySQL takes a few seconds to initialise).
db_ready() {
    tries=0
    until docker exec "$1" mysqladmin ping -h localhost --silent; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || { echo "the database never became ready" >&2; exit 1; }
        sleep 1
    done
}

# stack FRONTEND_PORT API_NETWORKS [DB_PORTS]: writes the compose file of the exercise's architecture, back-net
# internal, with these values: what the variants that change one thing change.
stack() {
    cat > "$STACK/docker-compose.yml" <<YAML
services:
  frontend:
    image: nginx:latest
    ports: ["$1"]
    networks: [front-net]
  api:
    build: ./api
    expose: ["3000"]
    networks: [$2]
  db:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: change-moi
    networks: [back-net]
${3:+    ports: [\"$3\"]}
networks:
  front-net:
  back-net:
    internal: true
YAML
}
