#!/bin/sh
# expect: pass
# The long --publish syntax, bound to the machine's loopback only (enough for an SSH forward), another name.
set -eu
docker container run --detach --name site --publish published=8080,target=80,protocol=tcp nginx:latest
docker container run --detach --name site-local --publish 127.0.0.1:8081:80 nginx
