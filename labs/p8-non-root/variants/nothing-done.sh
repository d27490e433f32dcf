#!/bin/sh
# expect: fail image-user container-user still-answers
# A fresh sandbox, before the learner does anything.
set -eu
