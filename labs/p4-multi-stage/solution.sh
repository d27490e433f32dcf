#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
# Stage 1: the toolchain compiles the program.
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api .

# Stage 2: only the program, on a tiny base.
FROM alpine:latest
COPY --from=build /out/api /usr/local/bin/api
EXPOSE 8080
CMD ["api"]
DOCKERFILE
docker build -t mon-api "$API"
docker images golang:1.22
docker images mon-api
docker run -d --name mon-api -p 8080:8080 mon-api
