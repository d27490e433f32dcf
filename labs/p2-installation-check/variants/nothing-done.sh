#!/bin/sh
# expect: fail first-container-ran
# A fresh sandbox, before the learner does anything. (Its engine is linux/amd64 from the start: that is why the
# lab has no check of it, which no mistake could make fail.)
set -eu
