#!/bin/sh
# expect: fail first-container-ran
# A fresh sandbox, before the learner does anything.
# The sandbox's engine is linux/amd64 from the start: server-linux-amd64 passes.
set -eu
