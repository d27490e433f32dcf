# Sourced by the scripts of this lab: a project folder with a copy of web/ and of the lab's docker-compose.yml,
# where a script writes its .env.
STACK=$(mktemp -d)
cp -R web docker-compose.yml "$STACK/"
trap 'rm -rf "$STACK"' EXIT

# compose ARGS…: docker-compose in that folder (it reads .env there), as project "secrets".
compose() {
    (cd "$STACK" && docker-compose --project-name secrets "$@")
}

# database_ready: waits until MySQL answers.
database_ready() {
    tries=0
    until compose exec -T database mysqladmin ping -h localhost --silent; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || { echo "the database never became ready" >&2; exit 1; }
        sleep 1
    done
}
