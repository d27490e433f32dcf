#!/bin/sh
# Step 1 of the exercise, shared by the solution and its variants: the mess to clean up.
set -eu
docker run --name ancien-1 busybox echo un
docker run --name ancien-2 busybox echo deux
docker commit ancien-1
docker run -d --name serveur nginx
docker volume create donnees-importantes
docker run --name ecrivain -v donnees-importantes:/data busybox sh -c 'echo "ne pas perdre" > /data/important.txt'
