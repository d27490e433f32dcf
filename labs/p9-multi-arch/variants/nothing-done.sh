#!/bin/sh
# expect: fail native-image arm64-image native-runs arm64-needs-emulation
# A fresh sandbox, before the learner does anything.
set -eu
