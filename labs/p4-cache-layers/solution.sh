#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
# The manifest first: as long as it does not change, the npm install layer comes from the cache.
COPY package.json .
RUN npm install
COPY . .
ENV NODE_ENV=production
# Build-time only: it labels the image and is gone from the containers' environment.
ARG VERSION=1.0
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP" | tee "$APP/build.log"
grep -A1 'RUN npm install' "$APP/build.log" | grep -q 'Using cache'
docker run -d --name mon-app -p 3000:3000 mon-app:v2
