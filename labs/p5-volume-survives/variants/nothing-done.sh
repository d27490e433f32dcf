#!/bin/sh
# expect: fail balance-in-volume writer-removed read-again
# A fresh sandbox, before the learner does anything.
set -eu
