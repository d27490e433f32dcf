#!/bin/sh
# End-to-end check of the sandbox image on the local engine. Creates a
# user-defined bridge network, a named volume on /var/lib/docker and a sandbox
# container, seeds it with the fixture stand-ins, runs nested containers, and
# removes everything it created (also on failure).
#
# usage: sandbox/verify.sh [--privileged] [IMAGE]
#   default profile: the unprivileged one (hosts where --privileged fails)
# Needs: the sandbox image and the fixture images (fixtures/build-images.sh),
# curl. Talks only to the sandbox's own bridge address.
set -eu

IMAGE=labfleet/sandbox:latest
MODE=unprivileged
for a in "$@"; do
    case "$a" in
        --privileged) MODE=privileged ;;
        -*) echo "unknown option $a" >&2; exit 2 ;;
        *) IMAGE=$a ;;
    esac
done

ID=lfverify$$
NET=$ID-net VOL=$ID-vol CT=$ID-sbx
cleanup() {
    docker rm -f "$CT" >/dev/null 2>&1 || true
    docker network rm "$NET" >/dev/null 2>&1 || true
    docker volume rm "$VOL" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; docker logs --tail 30 "$CT" >&2 2>&1 || true; exit 1; }
ok() { echo "ok: $*"; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

for i in nginx:latest busybox:latest; do
    docker image inspect "$i" >/dev/null 2>&1 || fail "missing $i (run fixtures/build-images.sh)"
done

docker network create "$NET" >/dev/null
docker volume create "$VOL" >/dev/null

if [ "$MODE" = privileged ]; then
    set -- --privileged
else
    set -- --cap-add ALL --cap-drop SYS_RESOURCE \
        --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
        --security-opt systempaths=unconfined \
        --device-cgroup-rule 'a *:* rwm' --cgroupns private
fi

t0=$(now)
docker run -d --name "$CT" --network "$NET" -v "$VOL:/var/lib/docker" "$@" "$IMAGE" >/dev/null
IP=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$NET\").IPAddress}}" "$CT")
[ -n "$IP" ] || fail "no IP"
pong=
i=0
while [ $i -lt 600 ]; do
    pong=$(curl -s -m 1 "http://$IP:2375/_ping" 2>/dev/null || true)
    [ "$pong" = OK ] && break
    sleep 0.05; i=$((i + 1))
done
t1=$(now)
[ "$pong" = OK ] || fail "/_ping did not answer"
ok "/_ping on $IP:2375 after $(ms "$t0" "$t1") ms (docker run -> OK)"

H="-H tcp://$IP:2375"
# shellcheck disable=SC2086
{
    drv=$(docker $H info --format '{{.Driver}}')
    ok "storage driver $drv"
    docker save nginx:latest busybox:latest | docker $H load >/dev/null || fail "load"
    ok "docker save | docker -H load"
    docker $H run -d --name web -p 8080:80 nginx >/dev/null || fail "run nginx"
    body=
    for i in 1 2 3 4 5 6 7 8 9 10; do
        body=$(docker exec "$CT" wget -qO- http://localhost:8080 2>/dev/null || true)
        case "$body" in *"Welcome to nginx!"*) break ;; esac
        sleep 0.2
    done
    case "$body" in *"Welcome to nginx!"*) ok "nested nginx on :8080 answers" ;; *) fail "nginx page" ;; esac
    docker $H run --rm -m 64m busybox true || fail "run -m 64m"
    ok "nested run -m 64m busybox true"
    docker $H network create labnet >/dev/null
    docker $H run -d --name db --network labnet nginx >/dev/null
    docker $H run --rm --network labnet busybox wget -qO- http://db/ | grep -q 'Welcome to nginx!' || fail "nested DNS"
    ok "nested user-defined network + DNS"
    s=$(now); docker $H stop web >/dev/null; e=$(now)
    ok "nested docker stop nginx: $(ms "$s" "$e") ms"
    z=$(docker exec "$CT" ps -eo stat= | grep -c '^Z' || true)
    ok "zombies in sandbox: $z"
    mem=$(docker stats --no-stream --format '{{.MemUsage}}' "$CT")
    ok "sandbox memory: $mem"
}
s=$(now); docker stop "$CT" >/dev/null; e=$(now)
code=$(docker inspect -f '{{.State.ExitCode}}' "$CT")
docker logs "$CT" 2>&1 | grep -q 'Daemon shutdown complete' || fail "no graceful shutdown in log"
[ "$code" = 0 ] || fail "sandbox exit code $code"
ok "docker stop sandbox: $(ms "$s" "$e") ms, exit 0, 'Daemon shutdown complete'"

# restart on the same volume/container (stale pid files, existing state)
docker start "$CT" >/dev/null
i=0; pong=
while [ $i -lt 600 ]; do
    pong=$(curl -s -m 1 "http://$IP:2375/_ping" 2>/dev/null || true)
    [ "$pong" = OK ] && break
    sleep 0.05; i=$((i + 1))
done
[ "$pong" = OK ] || fail "restart: /_ping"
# shellcheck disable=SC2086
docker $H image inspect nginx:latest >/dev/null || fail "restart: images lost"
ok "restart keeps images on the volume"
echo "ALL OK"
