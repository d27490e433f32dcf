#!/bin/sh
# expect: pass
# ENTRYPOINT ["node"] with CMD ["server.js"] (exec form too), SIGTERM sent with docker kill, long options.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM node:20
WORKDIR /srv/signaux
COPY server.js legacy.js ./
ENTRYPOINT ["node"]
CMD ["server.js"]
DOCKERFILE
docker image build --tag signaux:latest "$APP"
docker container run --detach --name serveur signaux
listening serveur
docker container kill --signal=SIGTERM serveur
docker container wait serveur
docker container run --detach --name vieux signaux legacy.js
sleep 1
docker container stop --time 2 vieux
docker container run --detach --init=true --name vieux-init signaux legacy.js
sleep 1
docker container stop vieux-init
