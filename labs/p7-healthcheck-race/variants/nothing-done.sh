#!/bin/sh
# expect: fail database-healthy web-waited web-talks-to-database
# A fresh sandbox, before the learner does anything.
set -eu
