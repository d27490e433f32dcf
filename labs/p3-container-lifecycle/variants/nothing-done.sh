#!/bin/sh
# expect: fail mon-web-started mon-web-stopped mon-web-removed
# A fresh sandbox, before the learner does anything.
# No mon-web container was ever made, so there is none left: mon-web-gone passes.
set -eu
