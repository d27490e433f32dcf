#!/bin/sh
# expect: fail worker-logs-capped
# The block went into web only: the talkative worker can still fill the disk.
set -eu
. ./prepare.sh
with_logging 10m 3 web
compose up -d
