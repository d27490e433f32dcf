#!/bin/sh
# expect: fail native-image native-runs
# GOARCH=arm64 written into the Dockerfile for the arm64 build stays for the native one too: mon-api:amd64 holds
# an arm64 program on an amd64 base, which dies at once with exec format error instead of answering on 8080.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
ARG BASE=alpine:latest
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -o /out/api .
FROM $BASE
COPY --from=build /out/api /usr/local/bin/api
EXPOSE 8080
CMD ["api"]
DOCKERFILE
docker build -t mon-api:amd64 "$API"
docker build --build-arg BASE=arm64v8/alpine:latest -t mon-api:arm64 "$API"
docker run -d --name api -p 8080:8080 mon-api:amd64
fails_to_run api-arm64 mon-api:arm64
