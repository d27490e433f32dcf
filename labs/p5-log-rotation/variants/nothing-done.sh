#!/bin/sh
# expect: fail web-logs-capped worker-logs-capped
# A fresh sandbox, before the learner does anything.
set -eu
