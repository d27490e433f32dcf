#!/bin/sh
# expect: fail container-user
# The image is right, but --user root at run time undoes it.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
RUN useradd --system --uid 10001 appli
USER appli
CMD ["python", "app.py"]
DOCKERFILE
docker build -t appli-durcie "$APP"
docker run -d --name appli -p 8000:8000 --user root appli-durcie
