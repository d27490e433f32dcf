#!/bin/sh
# expect: fail db-stable db-answers
# docker restart starts the same container again, with the same missing password.
set -eu
docker restart db
sleep 2
