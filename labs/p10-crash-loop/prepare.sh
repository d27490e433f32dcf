# Sourced by the scripts of this lab.

# db_ready: waits until the recreated database answers.
db_ready() {
    tries=0
    until docker exec db mysqladmin ping -h localhost --silent; do
        tries=$((tries + 1))
        [ "$tries" -lt 60 ] || { echo "db never became ready" >&2; exit 1; }
        sleep 1
    done
}
