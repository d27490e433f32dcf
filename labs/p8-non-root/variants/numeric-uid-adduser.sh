#!/bin/sh
# expect: pass
# A group and a user made with addgroup/adduser, USER given as uid:gid, long options at run time.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM python:3.12-slim
RUN addgroup --system --gid 10001 appli && adduser --system --uid 10001 --ingroup appli appli
WORKDIR /app
COPY app.py .
USER 10001:10001
CMD ["python", "app.py"]
DOCKERFILE
docker image build --tag appli-durcie:latest "$APP"
docker container run --detach --name web --publish 8000:8000 appli-durcie
