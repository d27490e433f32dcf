#!/bin/sh
# expect: fail default-bridge-no-dns mon-net ping-by-name c2-resolves
# A fresh sandbox, before the learner does anything.
set -eu
