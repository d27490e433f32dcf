#!/bin/sh
# The kubelet's part for a pod with hostUsers: false, played inside a root container of the sandbox image (the
# "node"), for PodOnEngine: the pod's container gets a user namespace holding only the ids 0-65535, mapped onto the
# host ids HOSTBASE.. HOSTBASE+65535, and its process runs there as UID:GID with the supplementary group FSGROUP and
# only the capabilities CAPS (e.g. setuid,setgid) in its bounding set, in a pid namespace of its own (so it is PID 1,
# as in a pod).
#   usage: userns-pod.sh HOSTBASE UID GID FSGROUP CAPS COMMAND...
set -eu
base=$1 uid=$2 gid=$3 fsgroup=$4 caps=$5
shift 5
# An id-mapped root file system shows the image's files of ids 1-65535 as those ids of the pod; chown plays it
# (files of root stay the node's root's: unmapped, they show as nobody, which the pod's user cannot write either).
find / -xdev \( ! -uid 0 -o ! -gid 0 \) -print0 | xargs -0r stat -c '%u %g %n' | while read -r u g path; do
    nu=$u ng=$g
    [ "$u" -lt 65536 ] && [ "$u" -gt 0 ] && nu=$((base + u))
    [ "$g" -lt 65536 ] && [ "$g" -gt 0 ] && ng=$((base + g))
    [ "$nu:$ng" = "$u:$g" ] || chown -h "$nu:$ng" "$path"
done
# unshare maps the ids through newuidmap, which wants the range in /etc/subuid even for root.
echo "root:$base:65536" >> /etc/subuid
echo "root:$base:65536" >> /etc/subgid
exec unshare --user --map-users="$base,0,65536" --map-groups="$base,0,65536" --setuid 0 --setgid 0 \
    --mount --pid --fork --mount-proc \
    setpriv --reuid "$uid" --regid "$gid" --groups "$fsgroup" --inh-caps=-all --bounding-set=-all$(echo ",$caps" | sed 's/,\([a-z_]\)/,+\1/g') \
    -- "$@"
