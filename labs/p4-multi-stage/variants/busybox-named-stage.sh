#!/bin/sh
# expect: pass
# Another stage name, busybox as the final base, the binary in /app started by ENTRYPOINT, long options.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
FROM golang:1.22 AS compilation
WORKDIR /go/src/api
COPY . .
RUN go build -o api
FROM busybox:latest
COPY --from=compilation /go/src/api/api /app/api
ENTRYPOINT ["/app/api"]
DOCKERFILE
docker image build --tag mon-api:latest "$API"
docker container run --detach --name api --publish 8080:8080 mon-api:latest
