#!/bin/sh
# expect: fail env-at-run-time
# ARG NODE_ENV=production instead of ENV: the variable exists during the build only, the containers run without it.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
COPY package.json .
RUN npm install
COPY . .
ARG NODE_ENV=production
ARG VERSION=1.0
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app -p 3000:3000 mon-app:v2
