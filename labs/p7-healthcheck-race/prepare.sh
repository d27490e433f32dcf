# Sourced by the scripts of this lab: a folder holding a copy of web/, where a script writes its compose file.
STACK=$(mktemp -d)
cp -R web "$STACK/web"
trap 'rm -rf "$STACK"' EXIT

# compose ARGS…: docker-compose on the folder's docker-compose.yml, as project "course".
compose() {
    docker-compose --project-name course --file "$STACK/docker-compose.yml" "$@"
}

# stack HEALTHCHECK DEPENDS_ON [WEB_EXTRA]: writes the compose file with these YAML blocks (already indented).
stack() {
    cat > "$STACK/docker-compose.yml" <<YAML
services:
  web:
    build: ./web
    ports: ["8080:80"]
    environment:
      DB_HOST: database
      DB_USER: root
      DB_PASSWORD: course-secret
      DB_NAME: boutique
$2
${3:-}
  database:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: course-secret
      MYSQL_DATABASE: boutique
$1
YAML
}

HEALTHCHECK='    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "localhost"]
      interval: 2s
      timeout: 3s
      retries: 20'

# wait_for CONTAINER FORMAT VALUE: waits until docker inspect -f FORMAT shows VALUE (a minute at most), so that a
# script's outcome never depends on how fast the machine is.
wait_for() {
    tries=0
    until [ "$(docker inspect -f "$2" "$1" 2>/dev/null)" = "$3" ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 120 ] || { echo "$1: $2 never became $3" >&2; exit 1; }
        sleep 0.5
    done
}

# serving CONTAINER: waits until the web server in it answers its page (a minute at most).
serving() {
    tries=0
    until docker exec "$1" wget -qO- http://localhost/ >/dev/null 2>&1; do
        tries=$((tries + 1))
        [ "$tries" -lt 120 ] || { echo "$1 never served its page" >&2; exit 1; }
        sleep 0.5
    done
}
