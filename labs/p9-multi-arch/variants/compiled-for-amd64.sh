#!/bin/sh
# expect: fail arm64-image
# The arm64 base is there, but GOARCH was forgotten: an amd64 program in an arm64 image runs on no machine.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
ARG BASE=alpine:latest
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .
FROM $BASE
COPY --from=build /out/api /usr/local/bin/api
CMD ["api"]
DOCKERFILE
docker build -t mon-api:amd64 "$API"
docker build --build-arg BASE=arm64v8/alpine:latest -t mon-api:arm64 "$API"
docker run -d --name api -p 8080:8080 mon-api:amd64
fails_to_run api-arm64 mon-api:arm64
