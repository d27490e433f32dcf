#!/bin/sh
# expect: fail limited-container own-pid-namespace looked-inside looked-from-host
# A fresh sandbox, before the learner does anything.
set -eu
