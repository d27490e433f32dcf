#!/bin/sh
# Run inside the image's root file system at build time (chroot), with the
# rootless user's uid as $1. Prepares the rootless profile and strips every
# privilege the sandbox does not need:
# - the user `rootless`, with 65536 subordinate uids and gids for the nested
#   containers' user namespace;
# - the daemon's data directory /var/lib/docker and its runtime directory owned
#   by that user (a new named volume on /var/lib/docker takes this ownership);
# - newuidmap/newgidmap with file capabilities instead of setuid root: a
#   capability-less container cannot run setuid helpers, and with file
#   capabilities they hold only CAP_SETUID / CAP_SETGID;
# - no other setuid/setgid binary and no other file capability: nothing in the
#   image can raise a learner's rights (su, mount, passwd, ping, ...).
set -eu
uid=$1
useradd --uid "$uid" --user-group --create-home --shell /bin/bash rootless
echo "rootless:100000:65536" > /etc/subuid
echo "rootless:100000:65536" > /etc/subgid
install -d -o "$uid" -g "$uid" -m 0711 /var/lib/docker
# The daemon's runtime directory (XDG_RUNTIME_DIR); /run is emptied by the image build.
install -d -o "$uid" -g "$uid" -m 0700 /home/rootless/.run
# The docker CLI of the rootless user talks to its own daemon, whether the shell is a login one or not (the
# gateway's shells also set DOCKER_HOST): a current context in its CLI configuration.
context=rootless
meta=/home/rootless/.docker/contexts/meta/$(printf %s "$context" | sha256sum | cut -d' ' -f1)
mkdir -p "$meta"
printf '{"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///home/rootless/.run/docker.sock","SkipTLSVerify":false}}}\n' \
    "$context" > "$meta/meta.json"
printf '{"currentContext":"%s"}\n' "$context" > /home/rootless/.docker/config.json
chown -R "$uid:$uid" /home/rootless/.docker
find / -xdev -type f \( -perm -4000 -o -perm -2000 \) -exec chmod ug-s {} +
for f in $(getcap -r / 2>/dev/null | awk '{print $1}'); do
    setcap -r "$f"
done
setcap cap_setuid=ep /usr/bin/newuidmap
setcap cap_setgid=ep /usr/bin/newgidmap
