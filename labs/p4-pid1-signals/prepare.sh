# Sourced by the scripts of this lab: a copy of app/ to build from, with the Dockerfile a script writes into it.
APP=$(mktemp -d)
cp -R app/. "$APP"
trap 'rm -rf "$APP"' EXIT

# stopped_with CONTAINER CODE: the container has exited with that code.
stopped_with() {
    [ "$(docker inspect -f '{{.State.ExitCode}}' "$1")" = "$2" ] || {
        echo "$1 exited with $(docker inspect -f '{{.State.ExitCode}}' "$1"), expected $2" >&2
        exit 1
    }
}

# listening CONTAINER: waits until the app in it has started (it prints its first line), so that its SIGTERM
# handler is in place before anyone stops it.
listening() {
    tries=0
    until [ -n "$(docker logs "$1" 2>&1)" ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "$1 never started" >&2; exit 1; }
        sleep 0.2
    done
}
