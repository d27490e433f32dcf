#!/bin/sh
# expect: fail two-containers-one-image file-changed other-untouched
# A fresh sandbox, before the learner does anything.
set -eu
