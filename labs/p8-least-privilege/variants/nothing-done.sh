#!/bin/sh
# expect: fail read-only-root no-capabilities no-new-privileges bounded still-answers
# A fresh sandbox, before the learner does anything.
set -eu
