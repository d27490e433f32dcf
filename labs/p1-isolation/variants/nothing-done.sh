#!/bin/sh
# expect: fail limited-container own-pid-namespace looked-inside
# A fresh sandbox, before the learner does anything.
set -eu
