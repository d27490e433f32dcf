# Sourced by the scripts of this lab: a copy of app/ to build from, so that changing the code never touches the lab.
APP=$(mktemp -d)
cp -R app/. "$APP"
trap 'rm -rf "$APP"' EXIT

# change_code: the one-line change of index.js that the exercise makes between the two builds.
change_code() {
    sed -i 's/Bonjour depuis mon-app !/Bonjour depuis mon-app, version 2 !/' "$APP/index.js"
}
