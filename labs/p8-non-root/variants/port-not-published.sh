#!/bin/sh
# expect: fail still-answers
# The image and the user are right, but the container was started without -p 8000:8000: nothing answers on 8000.
set -eu
. ./prepare.sh
cat > "$APP/Dockerfile" <<'DOCKERFILE'
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin appli
USER appli
EXPOSE 8000
CMD ["python", "app.py"]
DOCKERFILE
docker build -t appli-durcie "$APP"
docker run -d --name appli appli-durcie
