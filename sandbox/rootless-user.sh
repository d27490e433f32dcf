#!/bin/sh
# Run inside the image's root file system at build time (chroot) as
#   rootless-user.sh UID FIRST COUNT
# Prepares the rootless profile and strips every privilege the sandbox does not need:
# - the user `rootless` (UID, 1000), with the subordinate ids 100000-165535 for the nested containers' user
#   namespace, and its home /home/rootless (kept for images run by hand; Labfleet's backends use the accounts below);
# - the user `rootless-userns` (65535), with the subordinate ids 1-65534, home /home/sandbox: the Kubernetes
#   backend's rootless pods with a user namespace of their own (hostUsers: false) run as it. Such a pod holds only
#   the ids 0-65535 (the kubelet maps them onto a host range of the pod's own), so newuidmap can map no range
#   above them; with this one the nested containers get the ids 0-65534 of every usual image (nobody is 65534).
#   Outside a user namespace those ids would be the host's system users: sandbox/entrypoint.sh refuses to start
#   it there;
# - one account for each uid FIRST .. FIRST+COUNT-1, `lf<uid>`, home /home/sandbox: the Docker backend runs every
#   rootless sandbox as a uid of its own from that range (labfleet.docker.rootless-uid-first/-count), and so does
#   the Kubernetes backend without user namespaces (labfleet.kubernetes.rootless-uid-first/-count), so that the
#   kernel's per-user limits (inotify instances, user namespaces, processes, message queues) are never shared
#   between sandboxes. Uid FIRST+i owns the subordinate ids FIRST+65536*(i+1) .. FIRST+65536*(i+2)-1: no two
#   sandboxes' nested containers share a host uid, and none is a sandbox's own uid. /etc/subuid and /etc/subgid
#   are written here, once, root-owned: a learner cannot give themselves another range, and newuidmap maps only
#   the range written for the uid that calls it;
# - /var/lib/docker (a new named volume takes its ownership and mode) and /home sticky and world-writable like
#   /tmp, so that whichever uid a sandbox gets makes its daemon's data directory and its home there at start-up
#   (sandbox/entrypoint.sh); one container only ever runs as one uid;
# - newuidmap/newgidmap with file capabilities instead of setuid root: a capability-less container cannot run
#   setuid helpers, and with file capabilities they hold only CAP_SETUID / CAP_SETGID;
# - no other setuid/setgid binary and no other file capability: nothing in the image can raise a learner's rights
#   (su, mount, passwd, ping, ...).
set -eu
uid=$1
first=$2
count=$3
# Subordinate ranges of 65536 ids, as Docker's rootless mode expects; the block must stay clear of the rootless
# user's own ids and below 2^31 (tools that read uids as signed numbers).
span=65536
if [ "$count" -lt 1 ] || [ "$count" -ge "$span" ] || [ "$first" -lt 165536 ] \
        || [ $((first + span * (count + 1))) -gt 2147483648 ]; then
    echo "rootless-user.sh: the uid range $first+$count must start at 165536 or above, hold 1 to 65535 uids, and" \
        "end with its subordinate ids below 2^31" >&2
    exit 1
fi
useradd --uid "$uid" --user-group --create-home --shell /bin/bash rootless
echo "rootless:100000:$span" > /etc/subuid
echo "rootless:100000:$span" > /etc/subgid
userns_uid=$((span - 1))
echo "rootless-userns:x:$userns_uid:$userns_uid:Labfleet sandbox in a user namespace:/home/sandbox:/bin/bash" >> /etc/passwd
echo "rootless-userns:x:$userns_uid:" >> /etc/group
echo "rootless-userns:1:$((span - 2))" | tee -a /etc/subuid >> /etc/subgid
awk -v first="$first" -v count="$count" 'BEGIN {
    for (i = 0; i < count; i++) printf "lf%d:x:%d:%d:Labfleet sandbox:/home/sandbox:/bin/bash\n", first + i, first + i, first + i
}' >> /etc/passwd
awk -v first="$first" -v count="$count" 'BEGIN {
    for (i = 0; i < count; i++) printf "lf%d:x:%d:\n", first + i, first + i
}' >> /etc/group
awk -v first="$first" -v count="$count" -v span="$span" 'BEGIN {
    for (i = 0; i < count; i++) printf "lf%d:%d:%d\n", first + i, first + span * (i + 1), span
}' | tee -a /etc/subuid >> /etc/subgid
chmod 0644 /etc/passwd /etc/group /etc/subuid /etc/subgid
install -d -m 1777 /var/lib/docker /home
# The daemon's runtime directory (XDG_RUNTIME_DIR) of the rootless user; /run is emptied by the image build.
install -d -o "$uid" -g "$uid" -m 0700 /home/rootless/.run
find / -xdev -type f \( -perm -4000 -o -perm -2000 \) -exec chmod ug-s {} +
for f in $(getcap -r / 2>/dev/null | awk '{print $1}'); do
    setcap -r "$f"
done
setcap cap_setuid=ep /usr/bin/newuidmap
setcap cap_setgid=ep /usr/bin/newgidmap
