#!/bin/sh
# expect: fail web-logs-capped worker-logs-capped
# Five files of 10 MB: up to 50 MB of logs per container.
set -eu
. ./prepare.sh
with_logging 10m 5 web worker
compose up -d
