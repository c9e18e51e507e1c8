#!/bin/bash
# Patroni's bootstrap.post_init (and on_role_change after a promotion): "$1" = human role, "$2" = conninfo.
# Creates the NOLOGIN roles Spilo's post_init creates; Spilo's extensions/schemas are not in this image.
set -euo pipefail
psql -X -v ON_ERROR_STOP=1 -v human="$1" -d "$2" <<'SQL'
SELECT format('CREATE ROLE %I NOLOGIN', r) FROM unnest(ARRAY['admin', 'cron_admin', 'robot_zmon', :'human']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE admin CREATEDB;
GRANT cron_admin TO admin;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
\c template1
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL
