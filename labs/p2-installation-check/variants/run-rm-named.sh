#!/bin/sh
# expect: pass
# A name of one's own, and --rm: the container ran to its end and is gone, which is fine.
set -eu
docker container run --rm --name mon-premier-conteneur hello-world:latest
