#!/bin/sh
# expect: pass
# --mount for the tmpfs, the memory in bytes, the =true form of no-new-privileges, lower-case all, another name.
set -eu
docker image build --tag appli ./app
docker container run --detach --name service-durci --publish 8000:8000 --read-only \
    --mount type=tmpfs,destination=/tmp --cap-drop=all --security-opt=no-new-privileges:true \
    --memory=134217728 --pids-limit=100 appli:latest
