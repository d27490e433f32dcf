#!/bin/sh
# expect: pass
# The variables from an env file, long options, the policy read back from the broken container first.
set -eu
. ./prepare.sh
policy=$(docker container inspect --format '{{.HostConfig.RestartPolicy.Name}}' db)
env=$(mktemp)
printf 'MYSQL_ROOT_PASSWORD=Incident-2026\nMYSQL_DATABASE=boutique\n' > "$env"
docker container rm --force db
docker container run --detach --name db --restart "$policy" --env-file "$env" mysql:8.0
rm -f "$env"
db_ready
