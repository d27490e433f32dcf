#!/bin/sh
# Reference solution, run by the tests with the real docker CLI against the learner's sandbox.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
# A system user of its own, without a home or a shell: the process has no reason to be root.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin appli
USER appli
EXPOSE 8000
CMD ["python", "app.py"]
DOCKERFILE
docker build -t appli-durcie "$APP"
docker run -d --name appli -p 8000:8000 appli-durcie
sleep 1
docker exec appli id | grep -q 'uid=10001'
