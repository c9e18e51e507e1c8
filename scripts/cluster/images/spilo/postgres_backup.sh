#!/bin/bash
# Spilo's cron job (spilo.md 1.4): on the primary (or only on replicas with WALG_BACKUP_FROM_REPLICA),
# apply retention, then take a base backup. Retention keeps every backup younger than
# BACKUP_NUM_TO_RETAIN days plus the newest older one, and deletes older ones only while at least
# BACKUP_NUM_TO_RETAIN backups remain (both floored at 2), as Spilo does.
set -u
PGDATA="$1"
log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) postgres_backup: $*" >&2; }

in_recovery="$(psql -XtAc 'SELECT pg_is_in_recovery()' -d postgres -p "${PGPORT:-5432}" 2>/dev/null)"
if [ "$in_recovery" = f ]; then
  [ "${WALG_BACKUP_FROM_REPLICA:-}" = true ] && { log "not in recovery and WALG_BACKUP_FROM_REPLICA is set: no backup"; exit 0; }
elif [ "$in_recovery" = t ]; then
  [ "${WALG_BACKUP_FROM_REPLICA:-}" != true ] && { log "in recovery: no backup"; exit 0; }
else
  log "ERROR: recovery state unknown"; exit 1
fi

keep="${BACKUP_NUM_TO_RETAIN:-5}"
[ "$keep" -lt 2 ] && keep=2
now=$(date +%s -u)
before=""; before_time=0; left=0
while read -r name modified _; do
  [ -n "$name" ] || continue
  t=$(date +%s -ud "$modified")
  if [ $(( (now - t) / 86400 )) -ge "$keep" ]; then
    if [ -z "$before" ] || [ "$t" -gt "$before_time" ]; then before="$name"; before_time=$t; fi
  else
    left=$((left + 1))
  fi
done < <(wal-g backup-list 2>/dev/null | sed '0,/^name\s*\(last_\)\?modified\s*/d')

if [ -n "$before" ] && [ "$left" -ge "$keep" ]; then
  log "retention: deleting backups before $before ($left newer than $keep days kept)"
  wal-g delete before FIND_FULL "$before" --confirm
fi
start=$(date +%s)
wal-g backup-push "$PGDATA" && log "base backup took $(( $(date +%s) - start ))s"
