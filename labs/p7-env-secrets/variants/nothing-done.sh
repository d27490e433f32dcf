#!/bin/sh
# expect: fail database-password-interpolated web-password-interpolated web-talks-to-database
# A fresh sandbox, before the learner does anything.
set -eu
