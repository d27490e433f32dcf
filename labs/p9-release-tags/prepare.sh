# Sourced by the scripts of this lab: a copy of site/ to build from, with the Dockerfile a script writes into it.
SITE=$(mktemp -d)
cp -R site/. "$SITE"
trap 'rm -rf "$SITE"' EXIT

# A Dockerfile that records the version and the commit in the standard OCI labels, from build arguments.
labelled_dockerfile() {
    cat > "$SITE/Dockerfile" <<'DOCKERFILE'
FROM nginx:latest
COPY index.html /usr/share/nginx/html/
ARG VERSION
ARG REVISION
ARG CREATED
LABEL org.opencontainers.image.title="catalogue" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.created="$CREATED" \
      org.opencontainers.image.source="https://git.example.com/boutique/catalogue"
DOCKERFILE
}

# build VERSION TAG…: builds the site as that version, tagged catalogue:TAG for every TAG.
build() {
    version=$1
    shift
    tags=
    for tag in "$@"; do tags="$tags -t catalogue:$tag"; done
    # shellcheck disable=SC2086
    docker build --build-arg VERSION="$version" --build-arg REVISION=4f2c9a1 \
        --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" $tags "$SITE"
}
