# Sourced by the scripts of this lab: a copy of the lab's compose file that a script may edit.
STACK=$(mktemp -d)
cp docker-compose.yml "$STACK/"
trap 'rm -rf "$STACK"' EXIT

# compose ARGS…: docker-compose on the copy, as project "prod".
compose() {
    docker-compose --project-name prod --file "$STACK/docker-compose.yml" "$@"
}

# with_logging MAX_SIZE MAX_FILE SERVICE…: adds a json-file logging block to those services of the copy.
with_logging() {
    size=$1 files=$2
    shift 2
    for service in "$@"; do
        sed -i "/^  $service:\$/a\\
    logging:\\
      driver: json-file\\
      options:\\
        max-size: \"$size\"\\
        max-file: \"$files\"" "$STACK/docker-compose.yml"
    done
}
