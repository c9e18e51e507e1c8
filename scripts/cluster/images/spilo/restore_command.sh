#!/bin/bash
# restore_command (spilo.md 2.2): fetch one WAL file or history file from the archive of the envdir
# this runs under; a missing file is the normal end of the archive, not an error.
exec wal-g wal-fetch "$1" "$2"
