#!/bin/sh
# expect: fail crash-happened file-recovered-after-death layer-kept
# A fresh sandbox, before the learner does anything.
set -eu
