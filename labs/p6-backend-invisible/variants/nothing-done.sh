#!/bin/sh
# expect: fail back-net-internal front-net frontend-published api-not-published db-not-published frontend-reaches-api api-reaches-db db-invisible-from-frontend
# A fresh sandbox, before the learner does anything.
set -eu
