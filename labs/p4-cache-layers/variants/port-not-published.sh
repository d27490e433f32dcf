#!/bin/sh
# expect: fail app-runs
# The image is right, but the new version was started without -p 3000:3000: nothing answers on the port.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
COPY package.json .
RUN npm install
COPY . .
ENV NODE_ENV=production
ARG VERSION=1.0
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app mon-app:v2
