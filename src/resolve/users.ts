import { resolveExternalSecrets } from './external-secrets';
import { ExternalSecretSpec, GeneratedSecretSpec, ResolvedUsers, SyncPasswordEnv } from '../model/users';
import { ExternalReference } from '../private/external';
import { assertDns1123Subdomain, fail, failConflict, SYSTEM_NAMESPACE } from '../private/validation';
import { PATRONI_API_USERNAME } from '../spilo/patroni-api';
import { Credentials, CredentialsSource, DatabaseUserSecret } from '../users/credentials';
import { buildDatabaseModel, CredentialsSecret, PoolerModelInput } from '../users/database-model';
import { PreparedDatabase } from '../users/prepared-database';
import { UserFlag } from '../users/user-flag';

/** A key of a Secret's data (the API server's IsConfigMapKey). */
const SECRET_KEY = /^(?!\.{1,2}$)[-._a-zA-Z0-9]{1,253}$/;

export interface UsersInput {
  readonly cluster: string;
  readonly namespace?: string;
  readonly replicationUser: string;
  readonly users?: Record<string, UserFlag[]>;
  readonly databases?: Record<string, string>;
  readonly preparedDatabases?: Record<string, PreparedDatabase>;
  readonly credentials?: Credentials;
  readonly userCredentials?: Record<string, Credentials>;
  /** Namespaces other than the cluster's that may receive credentials Secrets (the fleet's list, validated). */
  readonly allowedSecretNamespaces?: string[];
  /** The connection pooler's role and lookup schema, when a pooler is enabled. */
  readonly pooler?: PoolerModelInput;
  readonly passwordRotation?: Record<string, string>;
  /** The Patroni REST API's credentials Secret, when the API asks for them: made like the system users' Secrets. */
  readonly patroniApiSecret?: string;
}

/**
 * The cluster's roles, databases and credentials: the database model the sync applies, and for every
 * LOGIN role where its Secret comes from (generated in-cluster, External Secrets, or the user's own).
 */
export function resolveUsers(props: UsersInput): ResolvedUsers {
  const model = buildDatabaseModel({
    cluster: props.cluster,
    namespace: props.namespace,
    users: props.users,
    databases: props.databases,
    preparedDatabases: props.preparedDatabases,
    superuser: 'postgres',
    replicationUser: props.replicationUser,
    ...(props.pooler ? { pooler: props.pooler } : {}),
  });
  const roles = new Set(model.credentials.map(c => c.role));
  for (const role of Object.keys(props.userCredentials ?? {})) {
    if (!roles.has(role)) failConflict(`userCredentials['${role}']`, `no LOGIN role named ${role} (known: ${[...roles].join(', ')})`);
  }
  const rotation = rotationLabels(props.passwordRotation ?? {}, roles, props.replicationUser);
  const clusterDefault = props.credentials ?? Credentials.generated();
  if (clusterDefault.source === CredentialsSource.EXISTING_SECRET) {
    failConflict('credentials', 'Credentials.fromSecret() names one Secret, so it only fits a single user; use userCredentials');
  }

  const secrets = new Map<string, DatabaseUserSecret>();
  const generated: GeneratedSecretSpec[] = [];
  const external: ExternalSecretSpec[] = [];
  const passwordEnv = new Map<string, SyncPasswordEnv>();
  const externals: ExternalReference[] = [];
  for (const secret of model.credentials) {
    const credentials = props.userCredentials?.[secret.role] ?? clusterDefault;
    // The prop a message about this user's credentials names: the one the Credentials came from.
    const prop = props.userCredentials?.[secret.role] ? `userCredentials['${secret.role}']` : 'credentials';
    const ref = reference(secret, credentials, props);
    secrets.set(secret.role, ref);
    const crossNamespace = secret.namespace !== undefined && secret.namespace !== props.namespace;
    if (crossNamespace && props.namespace === undefined) {
      failConflict(`users['${secret.role}']`, 'a Secret in another namespace needs the cluster\'s namespace to be known (set namespace or the chart\'s namespace)');
    }
    if (crossNamespace) {
      assertSecretNamespaceAllowed(model.roles.find(r => r.name === secret.role)?.prop, secret.namespace!, props.allowedSecretNamespaces ?? []);
    }
    // The sync Job reads passwords through secretKeyRefs, which only reach its own namespace.
    const readable = crossNamespace ? props.namespace : secret.namespace;
    if (credentials.source === CredentialsSource.GENERATED) {
      const copies = crossNamespace ? { copies: [props.namespace] } : {};
      const rotated = rotation[secret.role] !== undefined ? { rotation: rotation[secret.role] } : {};
      generated.push({ namespace: secret.namespace, name: secret.name, username: secret.role, ...copies, ...rotated });
    } else if (credentials.source === CredentialsSource.EXISTING_SECRET) {
      if (crossNamespace) failConflict(`userCredentials['${secret.role}']`, 'an existing Secret must be in the cluster\'s namespace');
    } else {
      if (crossNamespace && credentials.source === CredentialsSource.EXTERNAL_SECRETS_GENERATOR) {
        failConflict(prop, `a Password generator cannot give two namespaces the same password (cross-namespace user ${secret.role}); `
            + `use Credentials.generated() or a secret store${prop === 'credentials' ? ` for it in userCredentials['${secret.role}']` : ''}`);
      }
      if (props.namespace === undefined) failConflict(prop, 'ExternalSecret credentials need the cluster\'s namespace to be known');
      // Both copies of a cross-namespace user's Secret read the same remote key: {namespace} is the cluster's.
      for (const ns of crossNamespace ? [secret.namespace!, props.namespace] : [secret.namespace ?? props.namespace]) {
        external.push({ namespace: ns, keyNamespace: props.namespace, name: secret.name, username: secret.role, credentials, prop });
      }
    }
    for (const ns of new Set([ref.namespace, readable])) externals.push({ kind: 'Secret', namespace: ns, name: ref.secretName });
    const rotated = credentials.source === CredentialsSource.GENERATED && rotation[secret.role] !== undefined;
    const awaited = rotated ? { rotation: rotation[secret.role] } : {};
    if (secret.passwordEnv) passwordEnv.set(secret.role, { env: secret.passwordEnv, secretName: ref.secretName, key: ref.passwordKey, ...awaited });
  }

  if (props.patroniApiSecret !== undefined) {
    const api = { namespace: props.namespace, name: props.patroniApiSecret, username: PATRONI_API_USERNAME };
    if (clusterDefault.source === CredentialsSource.GENERATED) {
      generated.push(api);
    } else {
      // The Password generator's passwords are letters and digits, as the members' SPILO_CONFIGURATION needs.
      if (props.namespace === undefined) failConflict('credentials', 'ExternalSecret credentials need the cluster\'s namespace to be known');
      external.push({ ...api, namespace: props.namespace, keyNamespace: props.namespace, credentials: clusterDefault, prop: 'credentials' });
    }
    externals.push({ kind: 'Secret', namespace: props.namespace, name: props.patroniApiSecret });
  }
  return { model, secrets, generated, external: resolveExternalSecrets(props.cluster, external), passwordEnv, externals, rotation };
}

/** `passwordRotation`, checked: LOGIN roles the library manages, never the superuser or the replication user. */
function rotationLabels(labels: Record<string, string>, loginRoles: Set<string>, replicationUser: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const role of Object.keys(labels).sort()) {
    const label = labels[role];
    if (role === 'postgres' || role === replicationUser) {
      fail('passwordRotation', role, `a role other than the superuser and the replication user (${replicationUser}): Patroni and every member read `
        + 'their passwords at start, so rotating them means updating their Secrets and restarting every member in a maintenance window');
    }
    if (!loginRoles.has(role)) fail('passwordRotation', role, `a LOGIN role of the cluster (${[...loginRoles].filter(r => r !== 'postgres' && r !== replicationUser).join(', ') || 'none'})`);
    if (typeof label !== 'string' || !ROTATION_LABEL.test(label)) {
      fail(`passwordRotation['${role}']`, label, 'a label of 1 to 63 letters, digits, ., _, :, / and -, starting with a letter or digit (a date, a ticket)');
    }
    out[role] = label;
  }
  return out;
}

/** It ends up in an annotation, a Secret and a shell comparison: a safe alphabet. */
const ROTATION_LABEL = /^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,62}$/;

function reference(secret: CredentialsSecret, credentials: Credentials, props: UsersInput): DatabaseUserSecret {
  if (credentials.source === CredentialsSource.EXISTING_SECRET) {
    if (secret.origin === 'system') {
      failConflict(`userCredentials['${secret.role}']`, `the ${secret.role} Secret keeps the operator's name ${secret.name}, which the Spilo pods read; create it under that name instead`);
    }
    const o = credentials.existingSecretOptions ?? {};
    const prop = `userCredentials['${secret.role}']`;
    // What the API server requires of a secretKeyRef, checked here so the mistake surfaces at synth time.
    assertDns1123Subdomain(`${prop} (secret name)`, credentials.existingSecretName ?? '');
    for (const [which, k] of [['usernameKey', o.usernameKey], ['passwordKey', o.passwordKey]] as const) {
      if (k !== undefined && !SECRET_KEY.test(k)) fail(`${prop}.${which}`, k, 'a Secret key (letters, digits, -, _ and ., at most 253 characters)');
    }
    return {
      username: secret.role,
      secretName: credentials.existingSecretName!,
      namespace: props.namespace,
      usernameKey: o.usernameKey ?? 'username',
      passwordKey: o.passwordKey ?? 'password',
      source: credentials.source,
    };
  }
  return {
    username: secret.role,
    secretName: secret.name,
    namespace: secret.namespace ?? props.namespace,
    usernameKey: 'username',
    passwordKey: 'password',
    source: credentials.source,
  };
}

/**
 * The credentials Job's Role may create Secrets in every namespace it writes to, and create cannot be
 * narrowed by name: a namespace gets such a Role only when the fleet lists it.
 */
function assertSecretNamespaceAllowed(prop: string | undefined, namespace: string, allowed: string[]): void {
  // A prepared database's roles carry the database's prop; its namespace comes from secretNamespace.
  const where = prop?.startsWith('users') ? prop : `${/^preparedDatabases(\['(?:[^'\\]|\\.)*'\])?/.exec(prop ?? '')?.[0] ?? 'preparedDatabases'}.secretNamespace`;
  if (SYSTEM_NAMESPACE.test(namespace)) fail(where, namespace, 'a namespace other than the system namespaces kube-*');
  if (!allowed.includes(namespace)) {
    fail(where, namespace, `the cluster's own namespace or one listed in fleet.allowedSecretNamespaces (${allowed.length ? allowed.join(', ') : 'none listed'})`);
  }
}
