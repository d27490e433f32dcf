#!/bin/sh
# expect: pass
# npm ci with the lock file copied too (one COPY, a trailing ./), long options, docker image build and docker container run.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY index.js ./
ENV NODE_ENV=production PORT=3000
ARG VERSION
LABEL version="${VERSION}" maintainer="equipe@example.com"
EXPOSE 3000
CMD ["npm", "start"]
DOCKERFILE
docker image build --build-arg=VERSION=1.0 --tag mon-app:v1 --file "$APP/Dockerfile" "$APP"
change_code
docker image build --build-arg=VERSION=2.0 --tag mon-app:v2 --file "$APP/Dockerfile" "$APP"
docker container run --detach --name web --publish published=3000,target=3000 mon-app:v2
