#!/bin/sh
# expect: fail arm64-image
# The program is compiled for arm64, but the final stage stays on the amd64 alpine: the image says amd64.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
FROM golang:1.22 AS build
ARG TARGETARCH=amd64
WORKDIR /src
COPY . .
RUN GOARCH=$TARGETARCH go build -o /out/api .
FROM alpine:latest
COPY --from=build /out/api /usr/local/bin/api
CMD ["api"]
DOCKERFILE
docker build -t mon-api:amd64 "$API"
docker build --build-arg TARGETARCH=arm64 -t mon-api:arm64 "$API"
docker run -d --name api -p 8080:8080 mon-api:amd64
fails_to_run api-arm64 mon-api:arm64
