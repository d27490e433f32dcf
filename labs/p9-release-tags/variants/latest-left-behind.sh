#!/bin/sh
# expect: fail latest-tag major-tag
# Version 1.4.1 was tagged 1, latest; 1.4.2 moved only its minor tag: latest and 1 still serve the old version.
set -eu
. ./prepare.sh
labelled_dockerfile
build 1.4.1 1.4.1 1.4 1 latest
sed -i 's/de la semaine/du mois/' "$SITE/index.html"
build 1.4.2 1.4.2 1.4
