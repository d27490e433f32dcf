# Sourced by the scripts of this lab: a copy of app/ to build from, with the Dockerfile a script writes into it.
APP=$(mktemp -d)
cp -R app/. "$APP"
trap 'rm -rf "$APP"' EXIT
