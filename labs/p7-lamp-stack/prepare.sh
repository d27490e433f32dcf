# Sourced by the scripts of this lab: a folder holding a copy of web/, where a script writes its compose file.
STACK=$(mktemp -d)
cp -R web "$STACK/web"
trap 'rm -rf "$STACK"' EXIT

# compose ARGS…: docker-compose on the folder's docker-compose.yml, as project "lamp".
compose() {
    docker-compose --project-name lamp --file "$STACK/docker-compose.yml" "$@"
}

# database_ready SERVICE: waits until MySQL answers (it takes some seconds to initialise the first time).
database_ready() {
    tries=0
    until compose exec -T "$1" mysqladmin ping -h localhost --silent; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || { echo "the database never became ready" >&2; exit 1; }
        sleep 1
    done
}
