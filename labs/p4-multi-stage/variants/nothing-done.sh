#!/bin/sh
# expect: fail small-final-image runs-the-binary api-answers
# A fresh sandbox, before the learner does anything.
set -eu
