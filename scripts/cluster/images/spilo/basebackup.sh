#!/bin/bash
# Patroni replica creation method "basebackup_fast_xlog" (Spilo's name): pg_basebackup with
# streamed WAL and a fast checkpoint; Patroni passes --datadir, --connstring, --retries etc.
set -u
retries=1
for arg in "$@"; do
  case "$arg" in
    --datadir=*) datadir="${arg#*=}" ;;
    --connstring=*) connstring="${arg#*=}" ;;
    --retries=*) retries="${arg#*=}" ;;
  esac
done
for attempt in $(seq 0 "$retries"); do
  [ "$attempt" -gt 0 ] && { rm -rf "${datadir:?}"/*; sleep $((attempt * 5)); }
  pg_basebackup --pgdata="$datadir" --wal-method=stream --checkpoint=fast --dbname="$connstring" && exit 0
done
exit 1
