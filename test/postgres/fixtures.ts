/*
 * Shared pieces of the PostgreSQL tier: Spilo's bootstrap roles, passwords for every LOGIN role,
 * writing and running a generated script, and a catalog snapshot that shows any write (rows and
 * their xmin) to the objects the script manages.
 */
import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { PgServer, PsqlResult } from './server';
import { SHARED_SCRIPT_FILES, SHARED_SCRIPTS_DIR } from '../../src/private/shared-scripts';
import { buildDatabaseModel, DatabaseModel, DatabaseModelInput } from '../../src/users/database-model';
import { SYNC_SCRIPT_DIR, syncSql } from '../../src/users/sync-sql';

/** What Spilo's post_init.sh creates before anything else runs (reference/spilo.md §5.2). */
export const SPILO_ROLES = `CREATE ROLE admin CREATEDB NOLOGIN;
CREATE ROLE cron_admin NOLOGIN; GRANT cron_admin TO admin;
CREATE ROLE robot_zmon NOLOGIN; CREATE ROLE zalandos NOLOGIN;`;

export function model(input: Omit<DatabaseModelInput, 'superuser' | 'replicationUser'>): DatabaseModel {
  return buildDatabaseModel({ superuser: 'postgres', replicationUser: 'standby', ...input });
}

/** Printable ASCII with every character that would break naive quoting: ' " \ $ % ; and spaces. */
export function password(): string {
  return `p'w"\\ $1;%s-- ${randomBytes(18).toString('base64')}`;
}

/** One password per LOGIN role, keyed by role. */
export function passwords(m: DatabaseModel): Record<string, string> {
  return Object.fromEntries(m.roles.filter(r => r.login).map(r => [r.name, password()]));
}

/** The sync Job's environment: each password under the role's env var. */
export function envOf(m: DatabaseModel, pw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(m.roles.filter(r => r.login && pw[r.name] !== undefined).map(r => [r.credentials!.passwordEnv!, pw[r.name]]));
}

/**
 * Writes the cluster's script and the shared scripts where the sync Job mounts their ConfigMaps, under
 * <server dir>/mnt instead of /, and runs the script as the Job does: the library include is relative to it.
 */
export function runSync(pg: PgServer, m: DatabaseModel, env: Record<string, string>, name = 'sync.sql'): PsqlResult {
  const [scriptDir, sharedDir] = [join(pg.dir, 'mnt', SYNC_SCRIPT_DIR), join(pg.dir, 'mnt', SHARED_SCRIPTS_DIR)];
  mkdirSync(scriptDir, { recursive: true });
  mkdirSync(sharedDir, { recursive: true });
  for (const [key, content] of Object.entries(SHARED_SCRIPT_FILES)) writeFileSync(join(sharedDir, key), content);
  const file = join(scriptDir, name);
  writeFileSync(file, syncSql(m));
  return pg.runScript(file, env);
}

/** The NOTICE lines the script raises for every change it makes. */
export function changes(r: PsqlResult): string[] {
  return r.stderr.split('\n').filter(l => l.includes('NOTICE:  cdk8s-postgres:')).map(l => l.replace(/^.*NOTICE: {2}cdk8s-postgres: /, ''));
}

/**
 * Everything the script may write, with xmin: an UPDATE that changes nothing still writes a new
 * row version with a new xmin, so equal snapshots mean the second run did not write at all.
 * Temporary schemas (the script's own pg_temp) are left out.
 */
export function snapshot(pg: PgServer, databases: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {
    roles: pg.query(`SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
      rolbypassrls, rolpassword, xmin::text FROM pg_authid ORDER BY rolname`),
    members: pg.query(`SELECT roleid::regrole::text AS role, member::regrole::text AS member, admin_option, xmin::text
      FROM pg_auth_members ORDER BY 1, 2`),
    settings: pg.query('SELECT setrole::regrole::text AS role, setdatabase, setconfig, xmin::text FROM pg_db_role_setting ORDER BY 1, 2'),
    databases: pg.query('SELECT datname, datdba::regrole::text AS owner, datacl::text, xmin::text FROM pg_database ORDER BY 1'),
  };
  for (const db of databases) {
    result[db] = {
      schemas: pg.query(`SELECT nspname, nspowner::regrole::text AS owner, nspacl::text, xmin::text FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%' ORDER BY 1`, db),
      defaultAcl: pg.query(`SELECT defaclrole::regrole::text AS role, defaclnamespace, defaclobjtype, defaclacl::text, xmin::text
        FROM pg_default_acl ORDER BY 1, 2, 3`, db),
      extensions: pg.query('SELECT extname, extnamespace::regnamespace::text AS schema, extversion, xmin::text FROM pg_extension ORDER BY 1', db),
    };
  }
  return result;
}

export interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolinherit: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolcanlogin: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
}

export function roleRows(pg: PgServer, roles: readonly string[]): RoleRow[] {
  return pg.query<RoleRow>(`SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
    rolbypassrls FROM pg_roles WHERE rolname = ANY (ARRAY[${roles.map(literal).join(', ')}]::text[])`);
}

export function roleRow(pg: PgServer, role: string): RoleRow | undefined {
  return roleRows(pg, [role])[0];
}

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
