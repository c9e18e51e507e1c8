/*
 * buildDatabaseModel(): validates users, databases and preparedDatabases at synth time and derives
 * the normalized model (roles, memberships, databases, schemas, privileges, extensions, credentials
 * Secrets) that the Zalando operator would derive at runtime. Internal: not exported from index.ts.
 */
import {
  CredentialsSecret, DatabaseModel, DatabaseModelInput, ModelDatabase, ModelDefaultPrivilege, ModelExtension,
  ModelMembership, ModelRole, ModelSchema, ModelSchemaGrant, RoleAttribute,
} from './model-types';
import { expandPreparedDatabase, ownerRole, PreparedSink } from './prepared';
import {
  assertDatabaseName, assertNamespace, assertPoolerRoleName, assertPoolerSchemaName, assertRoleName, assertSecretName, key,
  MAX_IDENTIFIER, normalizeFlags, passwordEnvNames, secretName,
} from './role-names';
import { fail, failConflict } from '../private/validation';

export * from './model-types';
export { passwordEnvName } from './role-names';

interface PendingRole {
  readonly name: string;
  readonly origin: 'user' | 'prepared' | 'pooler';
  readonly prop: string;
  readonly attributes: RoleAttribute[];
  readonly searchPath?: string[];
  /** Where the credentials Secret goes (LOGIN roles only); undefined: the cluster's namespace. */
  readonly secretNamespace?: string;
}

export function buildDatabaseModel(input: DatabaseModelInput): DatabaseModel {
  const { cluster, namespace } = input;
  assertNamespace('namespace', namespace);
  const system = [input.superuser, input.replicationUser];
  const adminRole = input.adminRole === undefined ? 'admin' : input.adminRole;
  // A role may not hold ADMIN OPTION on itself, so the admin role is as reserved as the system users.
  const reserved = adminRole ? [...system, adminRole] : system;
  const roles = new Map<string, PendingRole>();
  const memberships: ModelMembership[] = [];
  const addRole = (role: PendingRole) => {
    const existing = roles.get(role.name);
    if (existing) failConflict(`${existing.prop} and ${role.prop}`, `both define the role '${role.name}'; rename one of them`);
    roles.set(role.name, role);
  };

  for (const [user, flags] of Object.entries(input.users ?? {})) {
    const prop = `users${key(user)}`;
    assertRoleName(prop, user, reserved);
    const attributes = normalizeFlags(prop, flags);
    // The operator's cross-namespace form ns.name: the role is literally ns.name, its Secret lives in ns.
    const crossNamespace = user.includes('.') ? user.split('.')[0] : undefined;
    if (crossNamespace !== undefined) {
      assertNamespace(`${prop} (namespace part of ns.name)`, crossNamespace);
    }
    addRole({ name: user, origin: 'user', prop, attributes, secretNamespace: crossNamespace ?? namespace });
    if (adminRole) memberships.push({ role: user, member: adminRole, adminOption: true });
  }

  const databases: ModelDatabase[] = [];
  const schemas: ModelSchema[] = [];
  const schemaGrants: ModelSchemaGrant[] = [];
  const defaultPrivileges: ModelDefaultPrivilege[] = [];
  const extensions: ModelExtension[] = [];
  const declaredPrepared = input.preparedDatabases;
  // The operator's `preparedDatabases: {}`: one database named after the cluster with - replaced by _.
  const prepared = declaredPrepared && Object.keys(declaredPrepared).length === 0
    ? { [cluster.replace(/-/g, '_')]: {} } : declaredPrepared ?? {};
  for (const [db, spec] of Object.entries(prepared)) {
    const prop = `preparedDatabases${key(db)}`;
    assertDatabaseName(prop, db);
    assertNamespace(`${prop}.secretNamespace`, spec?.secretNamespace);
    const sink: PreparedSink = {
      addRole: (roleProp, name, login, searchPath, ns) => {
        if (Buffer.byteLength(name) > MAX_IDENTIFIER) {
          fail(roleProp, name, `names short enough that the generated role '${name}' has at most ${MAX_IDENTIFIER} characters`);
        }
        if (name.startsWith('pg_') || reserved.includes(name)) fail(roleProp, name, 'names whose generated roles are not reserved (pg_*, system users)');
        addRole({ name, origin: 'prepared', prop: roleProp, attributes: [login ? 'LOGIN' : 'NOLOGIN'], searchPath, secretNamespace: ns ?? namespace });
      },
      addMembership: (role, member, adminOption) => memberships.push({ role, member, adminOption }),
      addSchema: (name, owner) => schemas.push({ database: db, name, owner }),
      addSchemaGrant: (schema, grantees) => {
        if (!schemaGrants.some(g => g.database === db && g.schema === schema && same(g.grantees, grantees))) {
          schemaGrants.push({ database: db, schema, grantees });
        }
      },
      addDefaultPrivilege: p => defaultPrivileges.push({ database: db, ...p }),
      addExtension: (name, schema) => extensions.push({ database: db, name, schema }),
    };
    expandPreparedDatabase(sink, db, spec, prop);
    databases.push({ name: db, owner: ownerRole(db), prop, prepared: true });
  }

  for (const [db, owner] of Object.entries(input.databases ?? {})) {
    const prop = `databases${key(db)}`;
    assertDatabaseName(prop, db);
    if (db in prepared) failConflict(`${prop} and preparedDatabases${key(db)}`, `both define the database '${db}'; keep one`);
    if (typeof owner !== 'string' || !roles.has(owner)) {
      const known = [...roles.keys()];
      fail(prop, owner, `the name of a role declared in users or generated by preparedDatabases${known.length ? `: ${known.join(', ')}` : ' (there is none)'}`);
    }
    databases.push({ name: db, owner, prop, prepared: false });
  }

  // The operator's pooler user: a LOGIN role with its own Secret, declared after everything else.
  if (input.pooler) {
    assertPoolerRoleName('connectionPooler.user', input.pooler.user, reserved);
    assertPoolerSchemaName('connectionPooler.schema', input.pooler.schema);
    addRole({ name: input.pooler.user, origin: 'pooler', prop: 'connectionPooler.user', attributes: ['LOGIN'], secretNamespace: namespace });
  }

  const requiredRoles = new Set<string>();
  for (const m of memberships) if (!roles.has(m.member)) requiredRoles.add(m.member);

  const loginRoles = [...roles.values()].filter(r => r.attributes.includes('LOGIN'));
  const envs = passwordEnvNames(loginRoles.map(r => r.name));
  const credentials: CredentialsSecret[] = system.map(role => ({ role, name: secretName(role, cluster), namespace, origin: 'system' }));
  const modelRoles: ModelRole[] = [...roles.values()].map(r => {
    const login = r.attributes.includes('LOGIN');
    let creds: CredentialsSecret | undefined;
    if (login) {
      creds = { role: r.name, name: secretName(r.name, cluster), namespace: r.secretNamespace, origin: r.origin, passwordEnv: envs.get(r.name) };
      assertSecretName(r.prop, r.name, creds.name);
      credentials.push(creds);
    }
    return { name: r.name, origin: r.origin, prop: r.prop, attributes: r.attributes, login, searchPath: r.searchPath, credentials: creds };
  });
  assertUniqueSecrets(credentials, modelRoles);

  return {
    cluster,
    namespace,
    superuser: input.superuser,
    replicationUser: input.replicationUser,
    requiredRoles: [...requiredRoles],
    roles: modelRoles,
    memberships,
    databases,
    schemas,
    schemaGrants,
    defaultPrivileges,
    extensions,
    credentials,
    ...(input.pooler ? {
      pooler: { role: input.pooler.user, schema: input.pooler.schema, databases: ['postgres', ...databases.map(d => d.name)] },
    } : {}),
  };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** foo_bar and foo-bar both map to the Secret foo-bar.<cluster>...: the operator would overwrite one with the other. */
function assertUniqueSecrets(credentials: readonly CredentialsSecret[], roles: readonly ModelRole[]): void {
  const seen = new Map<string, CredentialsSecret>();
  const propOf = (c: CredentialsSecret) => roles.find(r => r.name === c.role)?.prop ?? `system user '${c.role}'`;
  for (const c of credentials) {
    const id = `${c.namespace ?? ''}/${c.name}`;
    const other = seen.get(id);
    if (other) {
      failConflict(`${propOf(other)} and ${propOf(c)}`, `roles '${other.role}' and '${c.role}' both need the Secret '${c.name}'; rename one of them`);
    }
    seen.set(id, c);
  }
}
