#!/bin/sh
# expect: fail published-8080 answers-on-8080
# A fresh sandbox, before the learner does anything.
set -eu
