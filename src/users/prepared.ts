/*
 * Expansion of one prepared database the way the operator does it (pkg/cluster/cluster.go
 * initPreparedDatabaseRoles/initDefaultRoles, pkg/cluster/database.go and sync.go): NOLOGIN roles
 * <db>_owner/_reader/_writer, optional LOGIN <role>_user roles, per-schema roles, search_path,
 * schemas, default privileges and extensions.
 */
import { DefaultPrivilege, DefaultPrivilegeObjects, ModelDefaultPrivilege } from './model-types';
import { PreparedDatabase, PreparedSchema } from './prepared-database';
import { assertExtensionName, assertSchemaName, key } from './role-names';
import { fail } from '../private/validation';

/** What the expansion hands back to the model builder. */
export interface PreparedSink {
  addRole(prop: string, name: string, login: boolean, searchPath: string[], secretNamespace?: string): void;
  addMembership(role: string, member: string, adminOption: boolean): void;
  addSchema(schema: string, owner: string): void;
  addSchemaGrant(schema: string, grantees: string[]): void;
  addDefaultPrivilege(p: Omit<ModelDefaultPrivilege, 'database'>): void;
  addExtension(name: string, schema: string): void;
}

/** The operator's owner-role name of a prepared database; its `admin` is Spilo's admin role. */
export const ownerRole = (db: string) => `${db}_owner`;
const ADMIN = 'admin';

/**
 * Creates <prefix>_owner, _reader, _writer (writer member of reader; owner is ADMIN of reader and
 * writer, `admin` ADMIN of owner) and, with users, <prefix>_owner_user etc. as LOGIN members of them.
 */
function defaultRoles(sink: PreparedSink, prop: string, prefix: string, admin: string, searchPath: string[],
  withUsers: boolean, secretNamespace: string | undefined): void {
  const owner = `${prefix}_owner`;
  const add = (name: string, login: boolean, memberOf: string | undefined, adminRole: string) => {
    sink.addRole(prop, name, login, searchPath, secretNamespace);
    if (memberOf) sink.addMembership(memberOf, name, false);
    sink.addMembership(name, adminRole, true);
  };
  add(owner, false, undefined, admin);
  add(`${prefix}_reader`, false, undefined, owner);
  add(`${prefix}_writer`, false, `${prefix}_reader`, owner);
  if (!withUsers) return;
  // The operator gives the owner_user the owner's admin (any role name containing "_owner").
  add(`${prefix}_owner_user`, true, owner, admin);
  add(`${prefix}_reader_user`, true, `${prefix}_reader`, owner);
  add(`${prefix}_writer_user`, true, `${prefix}_writer`, owner);
}

/** One grant of the operator's default-privilege set. */
export interface ReaderWriterGrant {
  readonly objects: DefaultPrivilegeObjects;
  readonly privileges: DefaultPrivilege[];
  readonly grantees: string[];
}

/**
 * The operator's default privileges of a prepared database or schema: readers read, writers write, both use types
 * and functions; the database-wide set also lets both use new schemas. The sync library's
 * cdk8s_reader_writer_privileges() is generated from this list, so the two cannot drift apart.
 */
export function readerWriterGrants(reader: string, writer: string, databaseWide: boolean): ReaderWriterGrant[] {
  return [
    ...(databaseWide ? [{ objects: 'SCHEMAS' as const, privileges: ['USAGE' as const], grantees: [writer, reader] }] : []),
    { objects: 'TABLES', privileges: ['SELECT'], grantees: [reader] },
    { objects: 'SEQUENCES', privileges: ['SELECT'], grantees: [reader] },
    { objects: 'TABLES', privileges: ['INSERT', 'UPDATE', 'DELETE'], grantees: [writer] },
    { objects: 'SEQUENCES', privileges: ['USAGE', 'UPDATE'], grantees: [writer] },
    { objects: 'FUNCTIONS', privileges: ['EXECUTE'], grantees: [reader, writer] },
    { objects: 'TYPES', privileges: ['USAGE'], grantees: [reader, writer] },
  ];
}

function privileges(sink: PreparedSink, owner: string, schema: string | undefined, prefix: string): void {
  if (schema !== undefined) sink.addSchemaGrant(schema, [`${prefix}_reader`, `${prefix}_writer`]);
  for (const g of readerWriterGrants(`${prefix}_reader`, `${prefix}_writer`, schema === undefined)) {
    sink.addDefaultPrivilege({ owner, schema, ...g });
  }
}

export function expandPreparedDatabase(sink: PreparedSink, db: string, spec: PreparedDatabase, prop: string): void {
  if (spec === null || typeof spec !== 'object') fail(prop, spec, 'a PreparedDatabase object ({} for the defaults)');
  const declared = spec.schemas ?? {};
  // The operator's default: no schemas (also an empty map) means one schema `data` with default roles.
  const schemas: Record<string, PreparedSchema> = Object.keys(declared).length > 0 ? declared : { data: { defaultRoles: true } };
  for (const [name, schema] of Object.entries(schemas)) {
    const schemaProp = `${prop}.schemas${key(name)}`;
    assertSchemaName(schemaProp, name);
    if (schema === null || typeof schema !== 'object') fail(schemaProp, schema, 'a PreparedSchema object ({} for the defaults)');
    if (schema.defaultRoles === false && schema.defaultUsers) {
      fail(`${schemaProp}.defaultUsers`, true, 'false or unset when defaultRoles is false (the _user roles are members of the schema roles)');
    }
  }
  const names = Object.keys(schemas);
  const owner = ownerRole(db);
  const ns = spec.secretNamespace;
  defaultRoles(sink, prop, db, ADMIN, ['$user', ...names], spec.defaultUsers === true, ns);
  for (const name of names) {
    if (schemas[name].defaultRoles === false) continue;
    defaultRoles(sink, `${prop}.schemas${key(name)}`, `${db}_${name}`, owner, ['$user', name], schemas[name].defaultUsers === true, ns);
  }

  const owners = (prefix: string, withUser: boolean) => withUser ? [`${prefix}_owner`, `${prefix}_owner_user`] : [`${prefix}_owner`];
  for (const o of owners(db, spec.defaultUsers === true)) privileges(sink, o, undefined, db);
  for (const name of names) {
    const schema = schemas[name];
    const schemaOwner = schema.defaultRoles === false ? owner : `${db}_${name}_owner`;
    sink.addSchema(name, schemaOwner);
    privileges(sink, schemaOwner, name, db);
    if (schemaOwner !== owner) {
      if (schema.defaultUsers) privileges(sink, `${schemaOwner}_user`, name, db);
      for (const o of [...owners(db, spec.defaultUsers === true), ...owners(`${db}_${name}`, schema.defaultUsers === true)]) {
        privileges(sink, o, name, `${db}_${name}`);
      }
    } else if (spec.defaultUsers) {
      privileges(sink, `${owner}_user`, name, db);
    }
  }

  for (const [ext, schema] of Object.entries(spec.extensions ?? {})) {
    const extProp = `${prop}.extensions${key(ext)}`;
    assertExtensionName(extProp, ext);
    const allowed = ['public', 'pg_catalog', ...names];
    if (!allowed.includes(schema)) fail(extProp, schema, `a schema of this database: ${allowed.join(', ')}`);
    sink.addExtension(ext, schema);
  }
}
