#!/bin/bash
# Replica creation methods "wal_e" and "bootstrap_standby_with_wale" (Spilo's names): restore the
# newest base backup of the envdir's archive; WAL since then comes from restore_command and
# streaming. Exit 1 without a backup so that Patroni tries the next method (basebackup).
# The test image does not apply Spilo's size thresholds (WALE_BACKUP_THRESHOLD_*).
set -u
for arg in "$@"; do
  case "$arg" in --datadir=*) datadir="${arg#*=}" ;; esac
done
[ -n "$(wal-g backup-list 2>/dev/null | sed 1d)" ] || { echo "wale_restore: no base backup in the archive" >&2; exit 1; }
exec wal-g backup-fetch "${datadir:?}" LATEST
