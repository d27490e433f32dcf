#!/bin/sh
# expect: fail oci-labels minor-tag major-tag latest-tag
# The version is only in the tag: nothing inside the image says which version or commit it is.
set -eu
. ./prepare.sh
docker build -t catalogue:1.4.2 -t catalogue:1.4 -t catalogue:1 -t catalogue:latest "$SITE"
