#!/bin/sh
# expect: fail arm64-needs-emulation
# Both images are right, but the arm64 one was never tried on this amd64 machine.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
ARG BASE=alpine:latest
FROM golang:1.22 AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY . .
RUN GOARCH=$TARGETARCH go build -o /out/api .
FROM $BASE
COPY --from=build /out/api /usr/local/bin/api
CMD ["api"]
DOCKERFILE
docker build -t mon-api:amd64 "$API"
docker build --build-arg TARGETARCH=arm64 --build-arg BASE=arm64v8/alpine:latest -t mon-api:arm64 "$API"
docker run -d --name api -p 8080:8080 mon-api:amd64
