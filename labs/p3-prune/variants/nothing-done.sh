#!/bin/sh
# expect: fail old-container-pruned dangling-image-deleted running-container-kept volume-kept
# A fresh sandbox, before the learner does anything.
# A fresh sandbox has no stopped container and no dangling image, and keeps busybox: those checks pass.
set -eu
