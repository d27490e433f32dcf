#!/bin/sh
# expect: fail deps-from-cache
# The code is copied before npm install: changing index.js invalidates the install layer, which runs again.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
COPY . .
RUN npm install
ENV NODE_ENV=production
ARG VERSION=1.0
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app -p 3000:3000 mon-app:v2
