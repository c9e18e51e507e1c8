/*
 * Naming and validation rules for roles, databases, schemas and extensions: what PostgreSQL,
 * Spilo and the Zalando operator accept, checked at synth time with messages that name the prop.
 */
import { createHash } from 'crypto';
import { RoleAttribute } from './model-types';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, fail } from '../private/validation';

/** The operator's user name rule (pkg/cluster/cluster.go userRegexp). */
export const USER_NAME = /^[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
/** The operator's database and schema name rule (databaseNameRegexp). */
export const DATABASE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Extension names as shipped (`uuid-ossp`, `pg_trgm`, `address_standardizer-3`). */
const EXTENSION_NAME = /^[a-z0-9_][-a-z0-9_]*$/;
/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes; a truncated name would collide silently. */
export const MAX_IDENTIFIER = 63;

/**
 * Roles no user may take: Spilo's own (post_init creates admin, cron_admin, robot_zmon and the human
 * role zalandos), the operator's system users (pooler, fes_user) and names PostgreSQL rejects.
 */
const RESERVED_ROLES = ['admin', 'cron_admin', 'robot_zmon', 'zalandos', 'pooler', 'fes_user', 'public', 'none',
  'current_user', 'session_user', 'current_role'];
const RESERVED_DATABASES = ['postgres', 'template0', 'template1'];

const FLAG_NAMES = ['SUPERUSER', 'INHERIT', 'LOGIN', 'CREATEROLE', 'CREATEDB', 'REPLICATION', 'BYPASSRLS'];

/** Quotes a record key the way messages show props: users['foo']. */
export function key(name: string): string {
  return `['${name}']`;
}

export function assertRoleName(prop: string, name: string, reserved: readonly string[]): void {
  // The list only goes into the message: build it when the name is taken.
  const taken = reserved.includes(name) || RESERVED_ROLES.includes(name) ? [...new Set([...reserved, ...RESERVED_ROLES])] : [];
  assertRoleNameNotTaken(prop, name, taken);
}

/** The pooler role may be `pooler` (the default), but never a system, protected or Spilo role. */
export function assertPoolerRoleName(prop: string, name: string, reserved: readonly string[]): void {
  const protectedRoles = RESERVED_ROLES.filter(r => r !== 'pooler');
  const taken = reserved.includes(name) || protectedRoles.includes(name) ? [...new Set([...reserved, ...protectedRoles])] : [];
  assertRoleNameNotTaken(prop, name, taken);
  // ns.name is the operator's cross-namespace form; the pooler's Secret always lives beside its pods.
  if (name.includes('.')) fail(prop, name, 'a role name without . (ns.name is the cross-namespace form of users)');
}

const ROLE_NAME_RULE = 'a role name of lower-case letters, digits, -, _ and . (starting and ending alphanumeric, '
  + `at most ${MAX_IDENTIFIER} characters, the operator's rule)`;

function assertRoleNameNotTaken(prop: string, name: string, taken: readonly string[]): void {
  if (typeof name !== 'string' || !USER_NAME.test(name) || Buffer.byteLength(name) > MAX_IDENTIFIER) fail(prop, name, ROLE_NAME_RULE);
  if (name.startsWith('pg_')) fail(prop, name, 'a role name not starting with pg_ (reserved by PostgreSQL)');
  if (taken.includes(name)) fail(prop, name, `a role name other than the system and Spilo roles ${taken.join(', ')}`);
}

/** pgbouncer's `auth_query` names the schema unquoted (`SELECT * FROM $PGSCHEMA.user_lookup($1)`). */
const POOLER_SCHEMA = /^[a-z_][a-z0-9_]*$/;

export function assertPoolerSchemaName(prop: string, name: string): void {
  if (typeof name !== 'string' || !POOLER_SCHEMA.test(name) || name.length > MAX_IDENTIFIER) {
    fail(prop, name, `a schema name matching ${POOLER_SCHEMA.source} with at most ${MAX_IDENTIFIER} characters `
      + '(pgbouncer\'s auth_query names it unquoted)');
  }
  if (name === 'public' || name === 'information_schema' || name.startsWith('pg_')) {
    fail(prop, name, 'a schema of its own (not public, information_schema or pg_*)');
  }
}

export function assertDatabaseName(prop: string, name: string): void {
  if (typeof name !== 'string' || !DATABASE_NAME.test(name) || name.length > MAX_IDENTIFIER) {
    fail(prop, name, `a database name matching ${DATABASE_NAME.source} with at most ${MAX_IDENTIFIER} characters`);
  }
  if (RESERVED_DATABASES.includes(name)) fail(prop, name, `a database other than ${RESERVED_DATABASES.join(', ')}`);
}

export function assertSchemaName(prop: string, name: string): void {
  if (typeof name !== 'string' || !DATABASE_NAME.test(name) || name.length > MAX_IDENTIFIER) {
    fail(prop, name, `a schema name matching ${DATABASE_NAME.source} with at most ${MAX_IDENTIFIER} characters`);
  }
  // public exists in every database with its own owner; pg_* and information_schema are the system's.
  if (name === 'public' || name === 'information_schema' || name.startsWith('pg_')) {
    fail(prop, name, 'a schema of your own (not public, information_schema or pg_*)');
  }
}

export function assertExtensionName(prop: string, name: string): void {
  if (typeof name !== 'string' || !EXTENSION_NAME.test(name) || name.length > MAX_IDENTIFIER) {
    fail(prop, name, `an extension name of lower-case letters, digits, _ and - with at most ${MAX_IDENTIFIER} characters`);
  }
}

export function assertNamespace(prop: string, name: string | undefined): void {
  if (name === undefined) return;
  if (typeof name !== 'string' || name.length > 63 || !DNS1123_LABEL.test(name)) {
    fail(prop, name, 'a namespace name (DNS-1123 label: lower-case alphanumerics and -, at most 63 characters)');
  }
}

/**
 * The operator's flag normalization: upper-cased, duplicates dropped, X and NOX together rejected,
 * LOGIN added unless NOLOGIN is given. Unlike the operator we keep NOLOGIN (and every NOX) so the
 * sync enforces it; attributes not mentioned are left alone on an existing role, as the operator does.
 */
export function normalizeFlags(prop: string, flags: unknown): RoleAttribute[] {
  if (!Array.isArray(flags)) fail(prop, flags, 'a list of UserFlag values');
  const seen = new Set<string>();
  flags.forEach((flag, i) => {
    const upper = typeof flag === 'string' ? flag.toUpperCase() : '';
    const base = upper.startsWith('NO') ? upper.slice(2) : upper;
    if (!FLAG_NAMES.includes(base)) {
      fail(`${prop}[${i}]`, flag, `a role flag: ${FLAG_NAMES.map(f => f.toLowerCase()).join(', ')} or the same with no in front`);
    }
    const inverse = upper === base ? `NO${base}` : base;
    if (seen.has(inverse)) fail(`${prop}[${i}]`, flag, `a flag that does not contradict ${inverse.toLowerCase()}`);
    seen.add(upper);
  });
  if (!seen.has('NOLOGIN')) seen.add('LOGIN');
  return [...seen].sort() as RoleAttribute[];
}

/** The operator's Secret name: `<user with _ replaced by ->.<cluster>.credentials.postgresql.acid.zalan.do`. */
export function secretName(role: string, cluster: string): string {
  return `${role.replace(/_/g, '-')}.${cluster}.credentials.postgresql.acid.zalan.do`;
}

export function assertSecretName(prop: string, role: string, name: string): void {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    fail(prop, role, `a role whose credentials Secret name '${name}' is a DNS-1123 subdomain `
      + '(lower-case alphanumerics, - and ., at most 253 characters)');
  }
}

/** Default env var of a role's password in the sync Job: PGPASSWORD_<ROLE_UPPER_SNAKE>. */
export function passwordEnvName(role: string): string {
  return `PGPASSWORD_${role.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Env var names for the given LOGIN roles. Roles that map to the same name (foo-bar, foo_bar, foo.bar)
 * all get a suffix from a hash of their exact name, so the result does not depend on declaration order.
 */
export function passwordEnvNames(roles: readonly string[]): Map<string, string> {
  const bases = roles.map(passwordEnvName);
  const count = new Map<string, number>();
  for (const base of bases) count.set(base, (count.get(base) ?? 0) + 1);
  const result = new Map<string, string>();
  roles.forEach((r, i) => {
    const base = bases[i];
    result.set(r, count.get(base)! > 1 ? `${base}_${createHash('sha256').update(r).digest('hex').slice(0, 8).toUpperCase()}` : base);
  });
  return result;
}
