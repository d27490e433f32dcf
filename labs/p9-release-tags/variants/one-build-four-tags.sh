#!/bin/sh
# expect: pass
# The four tags given to the one build, after an older 1.4.1 release.
set -eu
. ./prepare.sh
labelled_dockerfile
build 1.4.1 1.4.1 1.4 1 latest
sed -i 's/de la semaine/du mois/' "$SITE/index.html"
build 1.4.2 1.4.2 1.4 1 latest
docker images catalogue
