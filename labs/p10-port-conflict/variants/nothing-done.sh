#!/bin/sh
# expect: fail old-site-retired new-site-on-8080 port-serves-new-site
# A fresh sandbox, before the learner does anything (the lab's setup applied).
# The starting state: the old site holds 8080.
set -eu
