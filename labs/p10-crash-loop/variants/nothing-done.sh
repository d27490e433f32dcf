#!/bin/sh
# expect: fail db-stable db-answers
# A fresh sandbox, before the learner does anything (the lab's setup applied).
# The starting state's db already has its restart policy: restart-policy-kept passes.
set -eu
