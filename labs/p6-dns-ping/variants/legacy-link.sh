#!/bin/sh
# expect: fail mon-net c2-resolves
# --link makes the ping work on the default bridge, without any network of one's own: obsolete. The link only
# writes c2 into c1's /etc/hosts; Docker's DNS does not resolve it.
set -eu
docker run -d --name c2 busybox sleep 3600
docker run -d --name c1 busybox sleep 3600
docker exec c1 ping -c 1 -W 2 c2 || true
docker rm -f c1
docker run -d --name c1 --link c2 busybox sleep 3600
docker exec c1 ping -c 1 -W 2 c2
