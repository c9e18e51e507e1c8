/*
 * Internal, normalized model of the roles, databases and privileges of one cluster: what the
 * Zalando operator derives from `users`, `databases` and `preparedDatabases` at runtime, derived
 * here at synth time. Not exported from src/index.ts: the constructs and syncSql() consume it.
 */
import { PreparedDatabase } from './prepared-database';
import { UserFlag } from './user-flag';

/** Input of buildDatabaseModel(): the cluster props that concern roles and databases. */
export interface DatabaseModelInput {
  readonly cluster: string;
  /** Namespace of the cluster; undefined means the chart's (the Secrets carry no namespace then). */
  readonly namespace?: string;
  readonly users?: Record<string, UserFlag[]>;
  readonly databases?: Record<string, string>;
  readonly preparedDatabases?: Record<string, PreparedDatabase>;
  readonly superuser: 'postgres';
  readonly replicationUser: string;
  /**
   * Role given ADMIN OPTION on every role of `users` (the operator's `team_admin_role` with
   * `enable_admin_role_for_users: true`, both defaults). Spilo's post_init creates `admin`.
   * false: none. Prepared owner roles always get `admin`, as the operator hard-codes it.
   * @default 'admin'
   */
  readonly adminRole?: string | false;
  /**
   * The connection pooler's LOGIN role and the schema of its `user_lookup` function, when a pooler
   * is enabled: the role gets a credentials Secret, the function goes into every database.
   * @default - no pooler
   */
  readonly pooler?: PoolerModelInput;
}

/** What the model needs of a connection pooler. */
export interface PoolerModelInput {
  /** The pooler role (`connectionPooler.user`). */
  readonly user: string;
  /** Schema of `user_lookup` (`connectionPooler.schema`). */
  readonly schema: string;
}

/** Role attributes the sync enforces. Attributes not listed stay as they are on an existing role. */
export type RoleAttribute =
  | 'SUPERUSER' | 'NOSUPERUSER' | 'INHERIT' | 'NOINHERIT' | 'LOGIN' | 'NOLOGIN' | 'CREATEROLE' | 'NOCREATEROLE'
  | 'CREATEDB' | 'NOCREATEDB' | 'REPLICATION' | 'NOREPLICATION' | 'BYPASSRLS' | 'NOBYPASSRLS';

/** Where a role (or a credentials Secret) comes from. */
export type RoleOrigin = 'system' | 'user' | 'prepared' | 'pooler';

/** A credentials Secret the operator would create: `<user, _ to ->.<cluster>.credentials.postgresql.acid.zalan.do`. */
export interface CredentialsSecret {
  /** The database role (the Secret's `username`). */
  readonly role: string;
  readonly name: string;
  /** undefined: the cluster's namespace (which may itself be the chart's default). */
  readonly namespace?: string;
  readonly origin: RoleOrigin;
  /** Env var of the sync Job that carries the password (not for system roles: Patroni sets those). */
  readonly passwordEnv?: string;
}

export interface ModelRole {
  readonly name: string;
  readonly origin: 'user' | 'prepared' | 'pooler';
  /** The prop that declares it, for messages, e.g. `users['foo']` or `preparedDatabases['bar']`. */
  readonly prop: string;
  /** Enforced attributes, sorted; always contains LOGIN or NOLOGIN. */
  readonly attributes: readonly RoleAttribute[];
  readonly login: boolean;
  /** `ALTER ROLE ... SET search_path` elements (unquoted), e.g. ['$user', 'data']. */
  readonly searchPath?: readonly string[];
  /** Only LOGIN roles have credentials. */
  readonly credentials?: CredentialsSecret;
}

/** `member` is a member of `role` (GRANT role TO member), with ADMIN OPTION when adminOption. */
export interface ModelMembership {
  readonly role: string;
  readonly member: string;
  readonly adminOption: boolean;
}

export interface ModelDatabase {
  readonly name: string;
  readonly owner: string;
  readonly prop: string;
  readonly prepared: boolean;
}

export interface ModelSchema {
  readonly database: string;
  readonly name: string;
  readonly owner: string;
}

/** `GRANT USAGE ON SCHEMA schema TO grantees` (the grantor is the schema owner). */
export interface ModelSchemaGrant {
  readonly database: string;
  readonly schema: string;
  readonly grantees: readonly string[];
}

export type DefaultPrivilegeObjects = 'TABLES' | 'SEQUENCES' | 'FUNCTIONS' | 'TYPES' | 'SCHEMAS';
export type DefaultPrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'USAGE' | 'EXECUTE';

/** `ALTER DEFAULT PRIVILEGES FOR ROLE owner [IN SCHEMA schema] GRANT privileges ON objects TO grantees`. */
export interface ModelDefaultPrivilege {
  readonly database: string;
  readonly owner: string;
  /** undefined: the whole database. */
  readonly schema?: string;
  readonly objects: DefaultPrivilegeObjects;
  readonly privileges: readonly DefaultPrivilege[];
  readonly grantees: readonly string[];
}

export interface ModelExtension {
  readonly database: string;
  readonly name: string;
  readonly schema: string;
}

/**
 * The operator's pooler lookup: schema `schema` with the SECURITY DEFINER function
 * `schema.user_lookup(text)` that pgbouncer's `auth_query` calls as `role`, in each of `databases`.
 */
export interface ModelPooler {
  readonly role: string;
  readonly schema: string;
  /** `postgres` first, then every database of the model. */
  readonly databases: readonly string[];
}

export interface DatabaseModel {
  readonly cluster: string;
  readonly namespace?: string;
  readonly superuser: string;
  readonly replicationUser: string;
  /** Roles the script expects to exist already (Spilo's post_init creates them). */
  readonly requiredRoles: readonly string[];
  /** In declaration order: users first, then prepared databases. */
  readonly roles: readonly ModelRole[];
  readonly memberships: readonly ModelMembership[];
  /** Prepared databases first, then `databases`. */
  readonly databases: readonly ModelDatabase[];
  readonly schemas: readonly ModelSchema[];
  readonly schemaGrants: readonly ModelSchemaGrant[];
  readonly defaultPrivileges: readonly ModelDefaultPrivilege[];
  readonly extensions: readonly ModelExtension[];
  /** Every credentials Secret: superuser and replication user first, then each LOGIN role. */
  readonly credentials: readonly CredentialsSecret[];
  /** The connection pooler's lookup function, when a pooler is enabled. */
  readonly pooler?: ModelPooler;
}
