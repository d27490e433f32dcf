#!/bin/sh
# expect: fail web-by-compose database-by-compose web-talks-to-database
# A fresh sandbox, before the learner does anything.
set -eu
