#!/bin/sh
# expect: fail workdir
# RUN cd instead of WORKDIR: the image's working folder stays /, the CMD has to cd again.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
RUN mkdir /app
COPY package.json /app/
RUN cd /app && npm install
COPY . /app/
ENV NODE_ENV=production
ARG VERSION=1.0
LABEL version=$VERSION
CMD ["node", "/app/index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app -p 3000:3000 mon-app:v2
