# Sourced by the scripts of this lab: a copy of api/ to build from, with the Dockerfile a script writes into it.
API=$(mktemp -d)
cp -R api/. "$API"
trap 'rm -rf "$API"' EXIT

# fails_to_run NAME RUN-ARGS…: runs a container and expects it to fail, as a foreign binary does without emulation.
fails_to_run() {
    name=$1
    shift
    if docker run --name "$name" "$@"; then
        echo "$name should not run on amd64 without emulation" >&2
        exit 1
    fi
}
