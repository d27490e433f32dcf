#!/bin/sh
# expect: fail first-container-ran
# The container was created but never started.
set -eu
docker create --name premier hello-world
