#!/bin/sh
# expect: fail runs-the-binary api-answers
# The final stage got the sources and go run instead of the binary: there is no compiler there to run them.
set -eu
. ./prepare.sh
cat > "$API/Dockerfile" <<'DOCKERFILE'
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .
FROM alpine:latest
WORKDIR /src
COPY --from=build /src .
CMD ["go", "run", "."]
DOCKERFILE
docker build -t mon-api "$API"
docker run -d --name mon-api -p 8080:8080 mon-api || echo "the container cannot start: there is no go in the final image"
