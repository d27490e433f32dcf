#!/bin/sh
# Labfleet DinD sandbox entrypoint (POSIX sh).
#
# 1. Makes the cgroup hierarchies usable for a nested dockerd:
#    - cgroup v1, read-only controllers (unprivileged profile: --cap-add ALL
#      --cap-drop SYS_RESOURCE ... --cgroupns private): every controller under
#      /sys/fs/cgroup is unmounted and mounted again fresh, which makes it
#      writable inside the private cgroup namespace.
#    - cgroup v1 already writable (--privileged): nothing to do.
#    - cgroup v2: nothing is remounted; only the nesting step docker:dind does is
#      applied when the hierarchy is writable (move our processes out of the
#      namespace root so the controllers can be delegated).
# 2. Picks a storage driver: overlay2 when /var/lib/docker is not itself on
#    overlayfs (i.e. it is a volume or bind mount) and a test overlay mount
#    there works, otherwise vfs (slow and space-hungry, but works everywhere).
#    Override: SANDBOX_STORAGE_DRIVER=..., or pass --storage-driver/-s.
# Also: falls back to iptables-legacy when the default iptables does not work
#    (SANDBOX_IPTABLES=legacy|nft forces one), removes stale pid files.
# 3. Execs dockerd (under tini/docker-init when we are PID 1, so orphaned
#    containerd-shims are reaped; SIGTERM goes to dockerd, which stops the
#    nested containers and exits) listening on the unix socket and on tcp 2375
#    without TLS. Arguments given to the container are appended to dockerd's
#    command line.
#
# Started as a user other than root, it runs the rootless daemon instead (see
# below): none of the steps above apply then.
#
# The daemon's data goes to SANDBOX_DATA_ROOT (default /var/lib/docker, the
# image's volume), in a folder `rootless` of it for the rootless daemon: the
# sandbox's volume must be mounted there (the Kubernetes backend's pods set it
# to where they mount their emptyDir), or images and containers land on the
# container's own layer, on the node's disk and outside the volume's size limit.
#
# Set SANDBOX_DEBUG=1 to trace this script.
set -u
[ "${SANDBOX_DEBUG:-0}" = 1 ] && set -x

log() { echo "sandbox-entrypoint: $*" >&2; }

# The Go runtime of every daemon below (rootlesskit, dockerd, containerd, its shims and runc) collects garbage when
# its heap has grown by half instead of doubled: an idle rootless sandbox holds some 4 MiB (11 %) less anonymous memory
# (its cgroup's rss, 6 sandboxes a side, 4 alternated rounds, 2026-12-02: 36.9 / 37.3 / 38.3 / 37.8 MiB with Go's
# default, 33.7 / 33.8 / 33.4 / 33.6 with 50; GOGC=25 saved 0.4 more), for more frequent collections while a learner
# builds. A GOGC given to the container wins. The learner's shells and containers do not inherit it (an exec and the
# nested containers take their environment from their own configuration).
export GOGC="${GOGC:-50}"

DATA_ROOT=${SANDBOX_DATA_ROOT:-/var/lib/docker}
case "$DATA_ROOT" in
    /*) ;;
    *) log "SANDBOX_DATA_ROOT must be an absolute path, not '$DATA_ROOT'"; exit 1 ;;
esac

# Rootless profile: started as an unprivileged user (no capability but SETUID/SETGID, the seccomp profile
# sandbox/seccomp-rootless.json): the Docker backend, and the Kubernetes backend without user namespaces, give every
# sandbox a uid of its own from the range the image was built for (sandbox/rootless-user.sh); Kubernetes pods with
# user namespaces run as `rootless-userns` (below). The daemon runs
# in a user namespace of its own made by rootlesskit, mapped onto the subordinate ids /etc/subuid gives that uid,
# with slirp4netns for its network, and listens on tcp 2375 through rootlesskit's port driver; its data stays on
# $DATA_ROOT/rootless (the sandbox's volume). Nothing here runs as root: none of the root profiles' steps below apply.
# The account `rootless-userns` (65535) is for pods with a user namespace of their own (hostUsers: false), whose ids
# are only 0-65535: its subordinate ids 1-65534 are the pod's own there, but would be the host's system users
# anywhere else, so it refuses to start outside a user namespace.
if [ "$(id -u)" != 0 ]; then
    uid=$(id -u)
    HOME=$(awk -F: -v uid="$uid" '$3 == uid { print $6; exit }' /etc/passwd)
    [ -n "$HOME" ] && grep -q "^$(id -un 2>/dev/null):" /etc/subuid || {
        log "uid $uid has no account or no subordinate ids in this image: build it with sandbox/build-offline.sh" \
            "--uids covering labfleet.docker.rootless-uid-first/-count"; exit 1; }
    if [ "$(id -un)" = rootless-userns ] && awk '$1 == 0 && $2 == 0 && $3 == 4294967295 { found = 1 } END { exit !found }' \
            /proc/self/uid_map; then
        log "uid $uid (rootless-userns) maps its nested containers onto ids 1-65534, which outside a user namespace" \
            "are the host's own: it runs only in a pod with hostUsers: false"; exit 1
    fi
    export HOME
    # A sandbox's home is made at its first start (/home is sticky and world-writable: whichever uid it got).
    if [ ! -d "$HOME" ]; then
        mkdir -m 0755 "$HOME" && cp -R /etc/skel/. "$HOME" || { log "cannot make $HOME as uid $uid"; exit 1; }
    fi
    export XDG_RUNTIME_DIR=$HOME/.run
    # A runtime directory starts empty, as /run/user does at boot: a restart after a crash (kill -9, an engine
    # restart) would otherwise meet the sockets, locks and pid files of the daemon that died.
    rm -rf "$XDG_RUNTIME_DIR"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 0700 "$XDG_RUNTIME_DIR"
    # The docker CLI of this user talks to its own daemon, whether the shell is a login one or not (the gateway's
    # shells also set DOCKER_HOST): a current context in its CLI configuration.
    if [ ! -e "$HOME/.docker/config.json" ]; then
        meta=$HOME/.docker/contexts/meta/$(printf %s rootless | sha256sum | cut -d' ' -f1)
        mkdir -p "$meta"
        printf '{"Name":"rootless","Metadata":{},"Endpoints":{"docker":{"Host":"unix://%s/docker.sock","SkipTLSVerify":false}}}\n' \
            "$XDG_RUNTIME_DIR" > "$meta/meta.json"
        printf '{"currentContext":"rootless"}\n' > "$HOME/.docker/config.json"
    fi
    # The volume's root is sticky and world-writable (the image's /var/lib/docker; an emptyDir is world-writable);
    # the daemon's data is this uid's.
    data=$DATA_ROOT/rootless
    mkdir -p "$data" 2>/dev/null && chmod 0700 "$data" 2>/dev/null && [ -w "$data" ] || {
        log "$data cannot be made or written by uid $uid"; exit 1; }
    [ -r /dev/net/tun ] && [ -w /dev/net/tun ] || {
        log "/dev/net/tun is missing or not usable by uid $uid: the Docker host must give it mode 0666"; exit 1; }
    export DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="${DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS:-} -p 0.0.0.0:2375:2375/tcp"
    set -- --host="unix://$XDG_RUNTIME_DIR/docker.sock" --host=tcp://0.0.0.0:2375 --tls=false \
        --data-root="$data" "$@"
    rootless=$(command -v dockerd-rootless.sh || echo /usr/share/docker.io/contrib/dockerd-rootless.sh)
    if [ "$$" = 1 ] && command -v docker-init >/dev/null 2>&1; then
        log "exec docker-init -- $rootless $*"
        exec docker-init -- "$rootless" "$@"
    fi
    log "exec $rootless $*"
    exec "$rootless" "$@"
fi

CGROOT=/sys/fs/cgroup
DOCKER_ROOT=$DATA_ROOT

# Prints "mountpoint options" for every cgroup v1 mount and "mountpoint cgroup2"
# for cgroup v2 mounts below $CGROOT (read from /proc/self/mounts).
cgroup_mounts() {
    while read -r _src mp fstype opts _rest; do
        case "$mp" in "$CGROOT"/*) ;; *) continue ;; esac
        case "$fstype" in
            cgroup) echo "$mp $opts" ;;
            cgroup2) echo "$mp cgroup2" ;;
        esac
    done < /proc/self/mounts
}

# Keeps only the hierarchy-selecting options (controllers, name=..., and the
# like) of a cgroup v1 mount's option string.
cgroup_v1_opts() {
    out=
    old_ifs=$IFS
    IFS=,
    for o in $1; do
        case "$o" in
            rw|ro|nosuid|suid|nodev|dev|noexec|exec|relatime|norelatime|noatime|\
            strictatime|nodiratime|lazytime|sync|async|mand|nomand|seclabel|\
            release_agent=*) ;;
            *) out="${out:+$out,}$o" ;;
        esac
    done
    IFS=$old_ifs
    echo "$out"
}

is_ro_mount() {
    case ",$1," in *,ro,*) return 0 ;; esac
    return 1
}

fix_cgroup_v1() {
    mounts=$(cgroup_mounts)
    [ -n "$mounts" ] || { log "no cgroup v1 mounts under $CGROOT"; return 0; }
    need=0
    echo "$mounts" | while read -r mp opts; do
        [ "$opts" = cgroup2 ] && continue
        is_ro_mount "$opts" && exit 1
        [ -w "$mp" ] || exit 1
    done || need=1
    if [ "$need" = 0 ]; then
        log "cgroup v1 controllers are writable; leaving them alone"
        return 0
    fi
    # The tmpfs holding the mount points may itself be read-only; mounting on
    # existing directories does not need it to be writable, but try anyway.
    mount -o remount,rw "$CGROOT" 2>/dev/null || true
    echo "$mounts" | while read -r mp opts; do
        if [ "$opts" = cgroup2 ]; then
            fstype=cgroup2 mopts=rw
            src=cgroup2
        else
            fstype=cgroup src=cgroup
            mopts=$(cgroup_v1_opts "$opts")
            [ -n "$mopts" ] || mopts=$(basename "$mp")
            case "$mopts" in
                name=*|*,name=*) mopts="none,$mopts" ;;
            esac
            [ "$(basename "$mp")" = systemd ] && case "$mopts" in
                *name=systemd*) ;;
                *) mopts="none,name=systemd" ;;
            esac
        fi
        umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || {
            log "cannot unmount $mp; leaving it"; continue; }
        if mount -t "$fstype" -o "$mopts" "$src" "$mp"; then
            log "remounted $mp ($fstype $mopts)"
        else
            log "WARNING: mounting $mp ($fstype $mopts) failed"
        fi
    done
}

fix_cgroup_v2() {
    # Same nesting step as docker:dind's `dind` script; harmless when the
    # hierarchy is read-only (the writes just fail).
    [ -w "$CGROOT/cgroup.subtree_control" ] || return 0
    mkdir -p "$CGROOT/init" 2>/dev/null || return 0
    xargs -rn1 < "$CGROOT/cgroup.procs" > "$CGROOT/init/cgroup.procs" 2>/dev/null || :
    sed -e 's/ / +/g' -e 's/^/+/' < "$CGROOT/cgroup.controllers" \
        > "$CGROOT/cgroup.subtree_control" 2>/dev/null || :
}

if [ -f "$CGROOT/cgroup.controllers" ]; then
    log "cgroup v2"
    fix_cgroup_v2
elif [ -d "$CGROOT" ]; then
    fix_cgroup_v1
fi

# Storage driver -------------------------------------------------------------
storage_arg_given=0
for a in "$@"; do
    case "$a" in
        --storage-driver|--storage-driver=*|-s|-s=*) storage_arg_given=1 ;;
        -s*) storage_arg_given=1 ;;
    esac
done

# File system type of the mount holding $1 (longest mount point prefix).
fstype_of() {
    bestlen=-1 fst=unknown
    while read -r _src mp fstype _rest; do
        case "$1/" in
            "${mp%/}"/*) ;;   # mp is $1 or one of its parents ("/" included)
            *) continue ;;
        esac
        if [ "${#mp}" -ge "$bestlen" ]; then bestlen=${#mp} fst=$fstype; fi
    done < /proc/self/mounts
    echo "$fst"
}

overlay_works() {
    mkdir -p "$DOCKER_ROOT" || return 1
    t=$(mktemp -d "$DOCKER_ROOT/.overlay-probe.XXXXXX") || return 1
    mkdir "$t/l" "$t/u" "$t/w" "$t/m"
    ok=1
    if mount -t overlay overlay -o "lowerdir=$t/l,upperdir=$t/u,workdir=$t/w" "$t/m" 2>/dev/null; then
        umount "$t/m" && ok=0
    fi
    rm -rf "$t"
    return $ok
}

set --  --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false --data-root="$DOCKER_ROOT" "$@"
if [ "$storage_arg_given" = 0 ]; then
    driver=${SANDBOX_STORAGE_DRIVER:-}
    if [ -z "$driver" ]; then
        mkdir -p "$DOCKER_ROOT"
        fs=$(fstype_of "$DOCKER_ROOT")
        case "$fs" in
            overlay*) driver=vfs ;;   # dockerd refuses overlay2 on overlayfs
            *) if overlay_works; then driver=overlay2; else driver=vfs; fi ;;
        esac
        log "storage driver $driver ($DOCKER_ROOT is on $fs)"
    fi
    set -- --storage-driver="$driver" "$@"
fi

# iptables: dockerd needs a working backend. If the default `iptables` (nft on
# Debian) does not work in this kernel/namespace but iptables-legacy does, put
# legacy first on PATH. Force with SANDBOX_IPTABLES=legacy|nft.
use_iptables() { # $1 = legacy|nft
    command -v "iptables-$1" >/dev/null 2>&1 || return 1
    d=/run/sandbox-iptables-$1
    mkdir -p "$d"
    for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
        b=$(command -v "$(echo "$t" | sed "s/^\(ip6\{0,1\}tables\)/\1-$1/")" 2>/dev/null) &&
            ln -sf "$b" "$d/$t"
    done
    PATH=$d:$PATH
    export PATH
    log "iptables: using the $1 backend"
}
case "${SANDBOX_IPTABLES:-auto}" in
    legacy|nft) use_iptables "$SANDBOX_IPTABLES" || log "WARNING: iptables-$SANDBOX_IPTABLES not found" ;;
    *)
        if ! iptables -nL >/dev/null 2>&1; then
            if iptables-legacy -nL >/dev/null 2>&1; then use_iptables legacy
            elif iptables-nft -nL >/dev/null 2>&1; then use_iptables nft
            else log "WARNING: no working iptables found; dockerd may fail (try --iptables=false)"
            fi
        fi ;;
esac

# A stale pid file from an unclean stop on the same container/volume keeps
# dockerd (or its containerd) from starting.
find /run /var/run -iname 'docker*.pid' -delete 2>/dev/null || :
rm -f /var/run/docker/containerd/containerd.pid 2>/dev/null || :

# dockerd does not reap orphans, and every exited containerd-shim is one: as
# PID 1 it would collect zombies. So when we are PID 1, run dockerd under
# tini (docker-init), which forwards SIGTERM to dockerd only (no -g, so
# containerd keeps running while dockerd stops the nested containers), reaps
# zombies and exits with dockerd's status. Under `docker run --init` we are
# not PID 1 and exec dockerd directly.
init=
if [ "$$" = 1 ] && [ "${SANDBOX_NO_INIT:-0}" != 1 ]; then
    for i in docker-init tini tini-static; do
        if command -v "$i" >/dev/null 2>&1; then init=$(command -v "$i"); break; fi
    done
fi
if [ -n "$init" ]; then
    log "exec $init -- dockerd $*"
    exec "$init" -- dockerd "$@"
fi
log "exec dockerd $*"
exec dockerd "$@"
