#!/bin/sh
# expect: fail small-final-image
# One stage: the image that runs the API carries the whole Go toolchain.
set -eu
. ./prepare.sh
printf 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/api .\nCMD ["api"]\n' > "$API/Dockerfile"
docker build -t mon-api "$API"
docker run -d --name mon-api -p 8080:8080 mon-api
