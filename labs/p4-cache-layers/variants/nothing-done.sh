#!/bin/sh
# expect: fail deps-from-cache workdir env-at-run-time arg-at-build-time app-runs
# A fresh sandbox, before the learner does anything.
set -eu
