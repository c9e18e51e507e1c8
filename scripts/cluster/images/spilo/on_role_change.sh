#!/bin/bash
# Patroni callback: on_role_change.sh <human role> <wrapped callback> <action> <role> <scope>.
# Like Spilo: run the wrapped callback; on promotion re-apply post_init and refresh statistics.
human="$1"; callback="$2"; shift 2
$callback "$@"
case "$2" in
  primary|master)
    for _ in $(seq 30); do
      [ "$(psql -XtAc 'SELECT pg_is_in_recovery()' -d postgres 2>/dev/null)" = f ] && break
      sleep 1
    done
    (vacuumdb -aZ -q >/dev/null 2>&1 &)
    exec /scripts/post_init.sh "$human" "dbname=postgres" ;;
esac
