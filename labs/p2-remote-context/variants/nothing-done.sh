#!/bin/sh
# expect: fail network-created volume-created web-running web-answers
# A fresh sandbox, before the learner does anything.
set -eu
