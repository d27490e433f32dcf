#!/bin/sh
# expect: fail api-on-database-network api-reaches-db
# A fresh sandbox, before the learner does anything (the lab's setup applied).
# The starting state: the API is on the default bridge, away from its database.
set -eu
