#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox (the classic builder:
# the target architecture comes from build arguments; with BuildKit, --platform sets TARGETARCH by itself).
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
ARG BASE=alpine:latest
# The compiler runs natively and cross-compiles: no emulation is needed to build for another architecture.
FROM golang:1.22 AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /out/api .
FROM $BASE
COPY --from=build /out/api /usr/local/bin/api
EXPOSE 8080
CMD ["api"]
DOCKERFILE
docker build -t mon-api:amd64 "$API"
docker build --build-arg TARGETARCH=arm64 --build-arg BASE=arm64v8/alpine:latest -t mon-api:arm64 "$API"
docker image inspect -f '{{.Os}}/{{.Architecture}}' mon-api:amd64 mon-api:arm64
docker run -d --name api -p 8080:8080 mon-api:amd64
fails_to_run api-arm64 mon-api:arm64
