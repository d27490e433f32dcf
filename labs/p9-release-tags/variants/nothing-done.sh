#!/bin/sh
# expect: fail oci-labels minor-tag major-tag latest-tag
# A fresh sandbox, before the learner does anything.
set -eu
