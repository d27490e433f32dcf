#!/bin/sh
# expect: pass
# One Dockerfile per architecture with busybox bases, --platform on the native build and on the foreign run,
# the program in /app started by ENTRYPOINT.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile.amd64" <<'DOCKERFILE'
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN GOOS=linux GOARCH=amd64 go build -o api .
FROM busybox:latest
COPY --from=build /src/api /app/api
ENTRYPOINT ["/app/api"]
DOCKERFILE
cat > "$API/Dockerfile.arm64" <<'DOCKERFILE'
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN GOOS=linux GOARCH=arm64 go build -o api .
FROM arm64v8/busybox:latest
COPY --from=build /src/api /app/api
ENTRYPOINT ["/app/api"]
DOCKERFILE
docker image build --platform linux/amd64 --file "$API/Dockerfile.amd64" --tag mon-api:amd64 "$API"
docker image build --file "$API/Dockerfile.arm64" --tag mon-api:arm64 "$API"
docker container run --detach --name api --publish 8080:8080 mon-api:amd64
fails_to_run api-arm64 --platform linux/arm64 mon-api:arm64
