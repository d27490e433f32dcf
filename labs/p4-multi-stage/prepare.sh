# Sourced by the scripts of this lab: a copy of api/ to build from, with the Dockerfile a script writes into it.
API=$(mktemp -d)
cp -R api/. "$API"
trap 'rm -rf "$API"' EXIT
