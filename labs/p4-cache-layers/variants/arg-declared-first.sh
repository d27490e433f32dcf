#!/bin/sh
# expect: fail deps-from-cache
# ARG VERSION is declared before npm install: the new --build-arg value invalidates the cache of that RUN.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
ARG VERSION=1.0
WORKDIR /app
COPY package.json .
RUN npm install
COPY . .
ENV NODE_ENV=production
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app -p 3000:3000 mon-app:v2
