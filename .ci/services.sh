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

# Java 17 with javac for the Maven builds (the machines come with it; a bare Debian 12 does not).
install_jdk() {
  command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
}

start_postgres() {
  if pg_isready -q -h localhost -p 5432 2>/dev/null \
      && ! psql -h localhost -U postgres -tAc 'select 1' >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null; then
    # A cluster we cannot administer without a password (Debian's own, started by its package): ours replaces it.
    for cluster in $(pg_lsclusters -h | awk '$4 == "online" {print $1 "/" $2}'); do
      pg_ctlcluster --force "${cluster%/*}" "${cluster#*/}" stop || true
    done
  fi
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
  psql -h localhost -U postgres -tAc "select 1 from pg_database where datname='labfleet'" | grep -q 1 \
    || psql -h localhost -U postgres -qc "create database labfleet owner labfleet"
  # The test database starts empty at every run, so no earlier run's schema or rows can change the outcome.
  psql -h localhost -U postgres -qc "drop database if exists labfleet_test with (force)"
  psql -h localhost -U postgres -qc "create database labfleet_test owner labfleet"
  echo "PostgreSQL ready: databases labfleet, labfleet_test (new, empty) (user labfleet)"
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
  # Rootless sandboxes open /dev/net/tun as their unprivileged user (for slirp4netns). Debian's udev gives it
  # mode 0666; machines without udev (containers, microVMs) leave it 0600 or do not create it.
  [ -c /dev/net/tun ] || { mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200; }
  chmod 0666 /dev/net/tun
  echo "Docker engine ready: $(docker version --format '{{.Server.Version}}')"
}

# Makes the images sandboxes need present on the local engine: the DinD sandbox image (built offline with
# mmdebstrap when missing or built from other files; pass another name to build it under that name) and the stand-in images the labs
# name (fixtures/build-images.sh), which the copy image source loads into sandboxes. Fast when all are there.
build_sandbox_images() {
  local image=${1:-labfleet/sandbox:latest}
  command -v mmdebstrap >/dev/null || apt_install mmdebstrap
  bash sandbox/build-offline.sh --if-missing "$image"
  dpkg -s busybox-static >/dev/null 2>&1 || apt_install busybox-static
  bash fixtures/build-images.sh
}

# The learner's tools the SSH gateway tests drive: ssh, the docker CLI (with docker.io), and docker-compose 1.x,
# which reaches ssh:// hosts only with paramiko importable (even when it runs the ssh binary).
install_learner_tools() {
  command -v ssh >/dev/null || apt_install openssh-client
  command -v docker-compose >/dev/null || apt_install docker-compose
  /usr/bin/python3 -c 'import paramiko' 2>/dev/null || apt_install python3-paramiko
}

# The terminal page's build fetches xterm.js with npm (generate-resources); its test drives Debian's Chromium.
install_npm() {
  command -v npm >/dev/null || apt_install nodejs npm
}

install_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}
