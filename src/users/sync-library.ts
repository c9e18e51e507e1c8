/*
 * The constant half of the sync: a psql file that prepares one session (psql settings, statement
 * logging off, the replica check) and defines every pg_temp helper the per-cluster script calls.
 * It is the same for every cluster, so it ships once per namespace in the shared scripts
 * ConfigMap, and the per-cluster script includes it (\ir) at the start of each session: pg_temp
 * functions and tables live only as long as the connection, and every \connect is a new one.
 * Defining all helpers in every session costs a few milliseconds and keeps one file for all.
 */
import { DATABASE_HELPERS, ROLE_HELPERS, SESSION } from './sql-helpers';
import { PASSWORD_HELPERS } from './sql-password';
import { POOLER_HELPER } from './sql-pooler';

/** Its key in the shared scripts ConfigMap. */
export const SYNC_LIBRARY_FILE = 'sync-library.sql';

export const SYNC_LIBRARY = [
  '-- cdk8s-postgres: helpers of the sync script, included (\\ir) at the start of each of its sessions. Do not edit.',
  '\\set ON_ERROR_STOP on',
  '\\set QUIET on',
  // Changes are reported as NOTICEs on stderr; query results would only be noise.
  '\\o /dev/null',
  // Statement logging is off before anything else runs in the session.
  SESSION,
  `DO $cdk8s$ BEGIN
  IF pg_is_in_recovery() THEN
    RAISE EXCEPTION 'cdk8s-postgres: this server is a replica (in recovery); run the sync against the primary';
  END IF;
END $cdk8s$;`,
  ...ROLE_HELPERS,
  ...PASSWORD_HELPERS,
  ...DATABASE_HELPERS,
  POOLER_HELPER,
  '',
].join('\n');
