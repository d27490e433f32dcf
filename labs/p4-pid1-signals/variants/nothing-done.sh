#!/bin/sh
# expect: fail exec-form graceful-stop sigkill-seen init-forwards
# A fresh sandbox, before the learner does anything.
set -eu
