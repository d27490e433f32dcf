#!/bin/sh
# Builds the Labfleet DinD sandbox image without a container registry:
# a Debian rootfs made by mmdebstrap (from the machine's apt sources, or
# --mirror), piped into `docker import`. Same behaviour as sandbox/Dockerfile
# (which needs docker:dind from a registry).
#
# usage: sandbox/build-offline.sh [--if-missing] [--suite SUITE] [--mirror URL]
#                                 [--include PKG,PKG] [--uids FIRST:COUNT] [IMAGE]
#   IMAGE         default labfleet/sandbox:latest
#   --if-missing  exit 0 at once when IMAGE exists and was built from these files and uids
#   --uids        the uids rootless sandboxes of the Docker backend (and Kubernetes pods without user
#                 namespaces) may run as, each with subordinate ids of its own (sandbox/rootless-user.sh):
#                 default 1000000000:4096, the defaults of labfleet.docker.rootless-uid-first and -count
#                 (and labfleet.kubernetes.*), which must lie within it
#   --suite       Debian suite, default bookworm
#   --mirror      apt mirror URL or sources file (default deb.debian.org)
#   --include     extra packages
# Needs: root, mmdebstrap, a running docker engine.
# Left out of the image (dpkg path-exclude): docs, man pages, locales, and the
# binaries dockerd 20.10 does not use: ctr, containerd-shim(-runc-v1) (the
# default runtime is io.containerd.runc.v2), and libnetwork's dnet/ovrouter.
set -eu

IMAGE=labfleet/sandbox:latest
IF_MISSING=0
SUITE=bookworm
MIRROR=
EXTRA=
HERE=$(cd "$(dirname "$0")" && pwd)
ENTRYPOINT_SRC=$HERE/entrypoint.sh
ENTRYPOINT_DST=/usr/local/bin/sandbox-entrypoint.sh

# docker.io: dockerd, docker CLI, containerd, runc, tini (docker-init), and
# dockerd-rootless.sh in its contrib folder; rootlesskit, slirp4netns and uidmap
# (newuidmap/newgidmap) for the rootless daemon; libcap2-bin to give the two
# id-mapping helpers file capabilities instead of setuid; mount (util-linux)
# for the root profiles' cgroup remount; the rest is for learners' shells.
PACKAGES=docker.io,rootlesskit,slirp4netns,uidmap,libcap2-bin,iptables,ca-certificates,mount,procps,iproute2,iputils-ping,wget,less,xz-utils
# The image's plain rootless user; the Docker backend, and the Kubernetes backend's
# pods without user namespaces, run each sandbox as a uid of its own from UIDS
# (FIRST:COUNT), and its shells as that uid (pods with user namespaces run as
# rootless-userns, 65535: sandbox/rootless-user.sh).
ROOTLESS_UID=1000
UIDS=1000000000:4096

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --if-missing) IF_MISSING=1 ;;
        --suite) SUITE=$2; shift ;;
        --suite=*) SUITE=${1#*=} ;;
        --mirror) MIRROR=$2; shift ;;
        --mirror=*) MIRROR=${1#*=} ;;
        --include) EXTRA=$2; shift ;;
        --include=*) EXTRA=${1#*=} ;;
        --uids) UIDS=$2; shift ;;
        --uids=*) UIDS=${1#*=} ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
        *) IMAGE=$1 ;;
    esac
    shift
done

case "$UIDS" in
    *[!0-9:]*|:*|*:|*:*:*|"") echo "--uids takes FIRST:COUNT, e.g. 1000000000:4096" >&2; exit 2 ;;
    *:*) ;;
    *) echo "--uids takes FIRST:COUNT, e.g. 1000000000:4096" >&2; exit 2 ;;
esac
UID_FIRST=${UIDS%:*}
UID_COUNT=${UIDS#*:}

# What the image is built from: an image built from other files or uids is out of date.
RECIPE=$({ cat "$0" "$ENTRYPOINT_SRC" "$HERE/rootless-user.sh"; echo "$UIDS"; } | sha256sum | cut -c1-16)
if [ "$IF_MISSING" = 1 ] && [ "$(docker image inspect -f '{{index .Config.Labels "org.labfleet.sandbox.recipe"}}' \
        "$IMAGE" 2>/dev/null)" = "$RECIPE" ]; then
    echo "$IMAGE already present and up to date"
    exit 0
fi

command -v mmdebstrap >/dev/null || { echo "mmdebstrap not installed (apt-get install -y mmdebstrap)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "docker engine not reachable" >&2; exit 1; }
[ -r "$ENTRYPOINT_SRC" ] || { echo "missing $ENTRYPOINT_SRC" >&2; exit 1; }

old_id=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
start=$(date +%s)
echo "building $IMAGE from Debian $SUITE ..." >&2

# Without --mirror, mmdebstrap uses deb.debian.org (+ -updates and -security
# for a stable suite), the same as Debian's default apt sources.
set -- "$SUITE" -
if [ -n "$MIRROR" ]; then
    set -- "$@" "$MIRROR"
fi

# The maybe-merged-usr hook sets up merged-/usr itself and installs
# usr-is-merged, so apt does not pull in usrmerge and ~50 MB of perl.
MERGED_USR_HOOK=/usr/share/mmdebstrap/hooks/maybe-merged-usr
[ -d "$MERGED_USR_HOOK" ] && set -- --hook-dir="$MERGED_USR_HOOK" "$@"

# Import under a temporary name and tag only when mmdebstrap succeeded (a
# pipeline's status is docker import's: a truncated tarball would import fine).
TMP_REF=labfleet-sandbox-build:$$
STATUS_FILE=$(mktemp)
trap 'rm -f "$STATUS_FILE"; docker rmi "$TMP_REF" >/dev/null 2>&1 || true' EXIT

# shellcheck disable=SC2016  # $1 is expanded by mmdebstrap's hooks
{ rc=0; mmdebstrap --variant=apt --quiet \
    --include="$PACKAGES${EXTRA:+,$EXTRA}" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --dpkgopt='path-exclude=/usr/share/bash-completion/*' \
    --dpkgopt='path-exclude=/usr/share/zsh/*' \
    --dpkgopt='path-exclude=/usr/share/fish/*' \
    --dpkgopt='path-exclude=/usr/bin/ctr' \
    --dpkgopt='path-exclude=/usr/bin/dnet' \
    --dpkgopt='path-exclude=/usr/sbin/ovrouter' \
    --dpkgopt='path-exclude=/usr/bin/containerd-shim' \
    --dpkgopt='path-exclude=/usr/bin/containerd-shim-runc-v1' \
    --customize-hook="copy-in $ENTRYPOINT_SRC /usr/local/bin" \
    --customize-hook="mv \"\$1/usr/local/bin/entrypoint.sh\" \"\$1$ENTRYPOINT_DST\" && chmod 0755 \"\$1$ENTRYPOINT_DST\"" \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*.log "$1"/var/log/apt/* "$1"/etc/machine-id; : > "$1"/etc/hostname' \
    --customize-hook='echo "labfleet-sandbox" > "$1"/etc/debian_chroot' \
    --customize-hook="copy-in $HERE/rootless-user.sh /tmp" \
    --customize-hook="chroot \"\$1\" sh /tmp/rootless-user.sh $ROOTLESS_UID $UID_FIRST $UID_COUNT && rm -f \"\$1/tmp/rootless-user.sh\"" \
    "$@" || rc=$?; echo "$rc" > "$STATUS_FILE"; } \
| docker import \
    -c "ENTRYPOINT [\"$ENTRYPOINT_DST\"]" \
    -c 'CMD []' \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'VOLUME /var/lib/docker' \
    -c 'EXPOSE 2375' \
    -c 'WORKDIR /' \
    -c "LABEL org.opencontainers.image.title=labfleet-sandbox org.labfleet.sandbox.base=debian org.labfleet.sandbox.recipe=$RECIPE org.labfleet.sandbox.rootless-uids=$UIDS" \
    -m "labfleet sandbox (mmdebstrap $SUITE)" \
    - "$TMP_REF" >/dev/null || true
rc=$(cat "$STATUS_FILE")
if [ "$rc" != 0 ]; then
    echo "mmdebstrap failed (exit $rc); $IMAGE left unchanged" >&2
    exit 1
fi
docker tag "$TMP_REF" "$IMAGE"

end=$(date +%s)
new_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")
if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true   # only if now unused and untagged
fi
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
echo "built $IMAGE in $((end - start)) s, $((size / 1024 / 1024)) MiB" >&2
