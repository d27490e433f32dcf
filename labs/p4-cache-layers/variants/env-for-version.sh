#!/bin/sh
# expect: fail arg-at-build-time
# The build-time version is kept with ENV: it stays in the environment of every container.
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
ENV VERSION=$VERSION
LABEL version=$VERSION
CMD ["node", "index.js"]
DOCKERFILE
docker build --build-arg VERSION=1.0 -t mon-app:v1 "$APP"
change_code
docker build --build-arg VERSION=2.0 -t mon-app:v2 "$APP"
docker run -d --name mon-app -p 3000:3000 mon-app:v2
