/*
 * syncSql(): the psql script the sync Job runs as the superuser against the primary
 * (`psql -v ON_ERROR_STOP=1 -X -f script`, psql 15 or newer). It holds only the cluster's
 * declarative input, as calls of the pg_temp helpers that the shared sync library
 * (sync-library.ts, in the shared scripts ConfigMap) defines; it includes that file at the start
 * of each session. It creates and alters roles, memberships, search_path settings, passwords,
 * databases and owners, then connects to each prepared database for schemas, schema grants,
 * default privileges and extensions. It is idempotent (an unchanged second run writes nothing to
 * the catalog) and never drops or renames anything. Passwords come from env vars through
 * `\copy ... from program 'printenv VAR | od ...'`, so the image needs /bin/sh, printenv and od
 * (coreutils; Spilo has them) besides psql.
 */
import { posix } from 'path';
import { DatabaseModel, ModelDefaultPrivilege } from './model-types';
import { readerWriterGrants } from './prepared';
import { loadPassword } from './sql-password';
import { SYNC_LIBRARY_FILE } from './sync-library';
import { SHARED_SCRIPTS_DIR } from '../private/shared-scripts';

/** Where the sync Job mounts the cluster's ConfigMap with the script, and the script's key in it. */
export const SYNC_SCRIPT_DIR = '/etc/cdk8s-postgres/sync';
export const SYNC_SCRIPT_FILE = 'sync.sql';

/**
 * Includes the sync library in the current session. Relative to the script (\ir), so the script runs
 * wherever the two directories sit side by side as the Job mounts them (the PostgreSQL tests use a temp dir).
 */
const SHARED_FROM_SCRIPT = posix.relative(SYNC_SCRIPT_DIR, SHARED_SCRIPTS_DIR);
export const INCLUDE_SYNC_LIBRARY = `\\ir ${SHARED_FROM_SCRIPT}/${SYNC_LIBRARY_FILE}`;

export interface SyncSqlOptions {
  /**
   * Env var holding the password of a LOGIN role; undefined leaves that role's password alone.
   * @default the role's `credentials.passwordEnv` from the model (PGPASSWORD_<ROLE_UPPER_SNAKE>)
   */
  readonly passwordEnv?: (role: string) => string | undefined;
}

/** A standard SQL string literal (standard_conforming_strings is on in every session of the script). */
export function sqlLiteral(value: string): string {
  // Names rarely contain a quote: skip the regex then (called for every argument of every statement).
  return value.includes("'") ? `'${value.replace(/'/g, "''")}'` : `'${value}'`;
}

const array = (values: readonly string[]) => `ARRAY[${values.map(sqlLiteral).join(', ')}]::text[]`;
const call = (name: string, ...args: string[]) => `SELECT pg_temp.${name}(${args.join(', ')});`;

/** A psql meta-command argument: double-quoted keeps the case and the whole name. */
const psqlIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function syncSql(model: DatabaseModel, options: SyncSqlOptions = {}): string {
  return syncSqlLines(model, options).join('\n');
}

/** The script as lines (some of them multi-line blocks) that join with newlines to syncSql(). */
export function syncSqlLines(model: DatabaseModel, options: SyncSqlOptions = {}): string[] {
  const out: string[] = [
    `-- cdk8s-postgres: roles and databases of cluster ${model.cluster}. Generated at synth time; do not edit.`,
    '-- Run as the superuser against the primary: psql -v ON_ERROR_STOP=1 -X -f <this file> (psql 15 or newer),'
      + ` with the shared scripts in ${SHARED_FROM_SCRIPT}.`,
    // Before the include: a missing library must stop the script.
    '\\set ON_ERROR_STOP on',
    INCLUDE_SYNC_LIBRARY,
  ];

  // Everything that can fail for want of input (missing roles, env vars) fails before any change.
  for (const role of model.requiredRoles) {
    out.push(call('cdk8s_require_role', sqlLiteral(role), sqlLiteral("Spilo's post_init creates it; the sync runs after the bootstrap")));
  }
  const passwords = model.roles
    .filter(r => r.login)
    .map(r => ({ role: r.name, env: options.passwordEnv ? options.passwordEnv(r.name) : r.credentials?.passwordEnv }))
    .filter((p): p is { role: string; env: string } => p.env !== undefined);
  for (const p of passwords) out.push(...loadPassword(p.role, p.env, sqlLiteral));

  out.push('-- roles');
  for (const r of model.roles) out.push(call('cdk8s_role', sqlLiteral(r.name), array(r.attributes)));
  out.push('-- memberships');
  for (const m of model.memberships) {
    out.push(call('cdk8s_member', sqlLiteral(m.role), sqlLiteral(m.member), m.adminOption ? 'true' : 'false'));
  }
  out.push('-- role settings');
  for (const r of model.roles) if (r.searchPath) out.push(call('cdk8s_search_path', sqlLiteral(r.name), array(r.searchPath)));
  if (passwords.length > 0) {
    out.push('-- passwords');
    for (const p of passwords) out.push(call('cdk8s_password', sqlLiteral(p.role)));
    // TRUNCATE gives the temporary table a new file: the old one, with the passwords, is unlinked.
    out.push('TRUNCATE pg_temp.cdk8s_passwords;');
  }

  out.push('-- databases');
  for (const db of model.databases) {
    out.push(call('cdk8s_note_database', sqlLiteral(db.name), sqlLiteral(db.owner)));
    // CREATE DATABASE cannot run inside a function or transaction block: \gexec runs the generated
    // statement at top level, and only when the catalog does not have the database yet.
    out.push(`SELECT format('CREATE DATABASE %I OWNER %I', ${sqlLiteral(db.name)}, ${sqlLiteral(db.owner)})`
      + ` WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${sqlLiteral(db.name)}) \\gexec`);
    out.push(call('cdk8s_database_owner', sqlLiteral(db.name), sqlLiteral(db.owner)));
  }

  for (const db of model.databases.filter(d => d.prepared)) {
    const inDb = <T extends { database: string }>(items: readonly T[]) => items.filter(i => i.database === db.name);
    out.push(`-- prepared database ${db.name}`, `\\connect ${psqlIdentifier(db.name)}`, INCLUDE_SYNC_LIBRARY);
    for (const s of inDb(model.schemas)) out.push(call('cdk8s_schema', sqlLiteral(s.name), sqlLiteral(s.owner)));
    for (const g of inDb(model.schemaGrants)) out.push(call('cdk8s_schema_usage', sqlLiteral(g.schema), array(g.grantees)));
    out.push(...defaultPrivilegeCalls(inDb(model.defaultPrivileges)));
    for (const e of inDb(model.extensions)) out.push(call('cdk8s_extension', sqlLiteral(e.name), sqlLiteral(e.schema)));
  }
  // As the operator: the pooler's lookup function in postgres (pgbouncer's auth_dbname) and every database.
  const pooler = model.pooler;
  for (const db of pooler?.databases ?? []) {
    out.push(`-- connection pooler lookup in database ${db}`, `\\connect ${psqlIdentifier(db)}`, INCLUDE_SYNC_LIBRARY);
    out.push(call('cdk8s_pooler_lookup', sqlLiteral(pooler!.schema), sqlLiteral(pooler!.role)));
  }
  out.push('\\o', '\\echo cdk8s-postgres: sync complete', '');
  return out;
}

/**
 * Default privileges as calls: a run that is exactly the operator's reader/writer set for one owner and schema is
 * one cdk8s_reader_writer_privileges() call, anything else one cdk8s_default_privileges() call per grant.
 */
function defaultPrivilegeCalls(privileges: readonly ModelDefaultPrivilege[]): string[] {
  const out: string[] = [];
  const schemaOf = (p: ModelDefaultPrivilege) => (p.schema === undefined ? 'NULL' : sqlLiteral(p.schema));
  type Grant = { objects: string; privileges: readonly string[]; grantees: readonly string[] };
  const grant = (p: Grant) => JSON.stringify([p.objects, p.privileges, p.grantees]);
  for (let i = 0; i < privileges.length;) {
    const first = privileges[i];
    const databaseWide = first.schema === undefined;
    const run = privileges.slice(i, i + readerWriterGrants('', '', databaseWide).length);
    const reader = run.find(p => p.objects === 'TABLES' && p.privileges.includes('SELECT'))?.grantees[0];
    const writer = run.find(p => p.objects === 'TABLES' && p.privileges.includes('INSERT'))?.grantees[0];
    const expected = reader !== undefined && writer !== undefined ? readerWriterGrants(reader, writer, databaseWide) : [];
    const matches = expected.length > 0 && run.length === expected.length
      && run.every((p, k) => p.owner === first.owner && p.schema === first.schema && grant(p) === grant(expected[k]));
    if (matches) {
      out.push(call('cdk8s_reader_writer_privileges', sqlLiteral(first.owner), schemaOf(first), sqlLiteral(reader!), sqlLiteral(writer!)));
      i += run.length;
    } else {
      out.push(call('cdk8s_default_privileges', sqlLiteral(first.owner), schemaOf(first), sqlLiteral(first.objects),
        array(first.privileges), array(first.grantees)));
      i++;
    }
  }
  return out;
}
