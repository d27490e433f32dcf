#!/usr/bin/env bash
# Installs (when missing) and starts what the tests need on a fresh Debian machine:
# a PostgreSQL server on localhost:5432 and a Docker engine. Sourced by .ci/run; safe to run twice.

LABFLEET_PGDATA=${LABFLEET_PGDATA:-/var/tmp/labfleet-pgdata}

apt_install() {
  if [ -z "${LABFLEET_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    LABFLEET_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

start_postgres() {
  if pg_isready -q -h localhost -p 5432 2>/dev/null; then
    echo "PostgreSQL already answers on localhost:5432"
  else
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ]; then
      apt_install postgresql postgresql-client
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    command -v pg_isready >/dev/null || apt_install postgresql-client
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    if [ ! -f "$LABFLEET_PGDATA/PG_VERSION" ]; then
      rm -rf "$LABFLEET_PGDATA"
      install -d -o postgres -m 700 "$LABFLEET_PGDATA"
      su postgres -s /bin/sh -c "$bin/initdb -D $LABFLEET_PGDATA -U postgres --auth=trust -E UTF8 >/dev/null"
    fi
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $LABFLEET_PGDATA -l $LABFLEET_PGDATA/server.log \
      -o '-p 5432 -k /tmp -c listen_addresses=localhost -c max_connections=200' -w start >/dev/null"
  fi
  psql -h localhost -U postgres -tAc "select 1 from pg_roles where rolname='labfleet'" | grep -q 1 \
    || psql -h localhost -U postgres -qc "create role labfleet login password 'labfleet'"
  for db in labfleet labfleet_test; do
    psql -h localhost -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || psql -h localhost -U postgres -qc "create database $db owner labfleet"
  done
  echo "PostgreSQL ready: databases labfleet, labfleet_test (user labfleet)"
}

start_docker() {
  command -v dockerd >/dev/null || apt_install docker.io iptables
  # Labs may be done with Compose; the validation tests play those variants too.
  command -v docker-compose >/dev/null || apt_install docker-compose
  if ! docker info >/dev/null 2>&1; then
    (dockerd >/var/log/dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  docker info >/dev/null 2>&1 || { echo "The Docker engine did not start; see /var/log/dockerd.log" >&2; return 1; }
  echo "Docker engine ready: $(docker version --format '{{.Server.Version}}')"
}

# Makes the images sandboxes need present on the local engine: the DinD sandbox image (built offline with
# mmdebstrap when missing; pass another name to build it under that name) and the stand-in images the labs
# name (fixtures/build-images.sh), which the copy image source loads into sandboxes. Fast when all are there.
build_sandbox_images() {
  local image=${1:-labfleet/sandbox:latest}
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    command -v mmdebstrap >/dev/null || apt_install mmdebstrap
    bash sandbox/build-offline.sh --if-missing "$image"
  fi
  dpkg -s busybox-static >/dev/null 2>&1 || apt_install busybox-static
  bash fixtures/build-images.sh
}
