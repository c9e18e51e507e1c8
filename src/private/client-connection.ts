/*
 * What `PostgresCluster.connect()` gives a workload: libpq's env for one user, database and Service, and the CA to
 * verify the server with. Every choice is checked here, so a wrong one is an error at synth, never a pod that cannot
 * connect.
 */
import { createHash } from 'crypto';
import { ClientWiring } from './client-wiring';
import { fail, failConflict } from './validation';
import { ConnectOptions, SslMode } from '../cluster/connect-options';
import { Endpoint } from '../cluster/endpoint';
import { TlsCertificateAuthority } from '../cluster/tls';
import { DatabaseUserSecret } from '../users/credentials';

export interface ClusterConnectionFacts {
  readonly cluster: string;
  readonly namespace?: string;
  /** Databases with their owners (`postgres` is always there). */
  readonly databases: ReadonlyArray<{ readonly name: string; readonly owner: string }>;
  readonly secrets: ReadonlyMap<string, DatabaseUserSecret>;
  readonly certificateAuthority?: TlsCertificateAuthority;
  /** `sslmode` when no CA is at hand: `require`, or `prefer` with `parameters.ssl` off. */
  readonly plainSslMode: string;
}

/** Where `PGSSLROOTCERT` points. */
const CA_DIR = '/etc/cdk8s-postgres/ca';

export function clientConnection(
  facts: ClusterConnectionFacts, endpoint: Endpoint, workloadNamespace: string | undefined, options: ConnectOptions, prop: string,
): Omit<ClientWiring, 'scope'> {
  if (typeof options?.user !== 'string') fail(`${prop}.user`, options?.user, 'a LOGIN role of the cluster');
  const secret = facts.secrets.get(options.user);
  if (!secret) fail(`${prop}.user`, options.user, `a LOGIN role of the cluster: ${[...facts.secrets.keys()].join(', ')}`);
  const secretNamespace = secret.namespace ?? facts.namespace;
  if (secretNamespace !== workloadNamespace) {
    failConflict(`${prop}.user`, `the Secret of '${options.user}' is in namespace ${secretNamespace ?? '(unset)'} but the workload runs in ${workloadNamespace ?? '(unset)'}; `
      + `a workload in another namespace connects as a cross-namespace user declared as '${workloadNamespace ?? '<namespace>'}.<name>' in users`);
  }
  const database = options.database ?? ownedDatabase(facts, options.user, prop);
  const known = ['postgres', ...facts.databases.map(d => d.name)];
  if (!known.includes(database)) fail(`${prop}.database`, database, `one of the cluster's databases: ${known.join(', ')}`);

  const ca = options.certificateAuthority
    ?? (facts.certificateAuthority && workloadNamespace === facts.namespace ? facts.certificateAuthority : undefined);
  const verifying = [SslMode.VERIFY_CA, SslMode.VERIFY_FULL] as string[];
  if (options.sslMode !== undefined && !(Object.values(SslMode) as string[]).includes(options.sslMode)) {
    fail(`${prop}.sslMode`, options.sslMode, Object.values(SslMode).join(', '));
  }
  if (options.sslMode !== undefined && verifying.includes(options.sslMode) && !ca) {
    failConflict(`${prop}.sslMode`, `${options.sslMode} needs the CA: the cluster has no tls with a CA${facts.certificateAuthority ? ' in the workload\'s namespace' : ''}; `
      + 'give certificateAuthority (a Secret in the workload\'s namespace)');
  }
  const sslMode = options.sslMode ?? (ca ? SslMode.VERIFY_FULL : facts.plainSslMode);
  const mountCa = ca !== undefined && sslMode !== SslMode.DISABLE;
  const suffix = createHash('sha256').update(`${facts.namespace ?? ''}/${facts.cluster}`).digest('hex').slice(0, 8);
  return {
    prop,
    env: [
      { name: 'PGHOST', value: endpoint.hostname },
      { name: 'PGPORT', value: String(endpoint.port) },
      { name: 'PGDATABASE', value: database },
      { name: 'PGUSER', secretName: secret.secretName, secretKey: secret.usernameKey },
      { name: 'PGPASSWORD', secretName: secret.secretName, secretKey: secret.passwordKey },
      { name: 'PGSSLMODE', value: sslMode },
      ...(mountCa ? [{ name: 'PGSSLROOTCERT', value: `${CA_DIR}/${suffix}/ca.crt` }] : []),
    ],
    ...(mountCa ? { ca: { secretName: ca.secretName, key: ca.key, volumeName: `postgres-ca-${suffix}`, path: `${CA_DIR}/${suffix}` } } : {}),
    ...(options.containers ? { containers: options.containers } : {}),
    ...(workloadNamespace !== undefined ? { namespace: workloadNamespace } : {}),
  };
}

function ownedDatabase(facts: ClusterConnectionFacts, user: string, prop: string): string {
  const owned = facts.databases.filter(d => d.owner === user).map(d => d.name);
  if (owned.length !== 1) {
    fail(`${prop}.database`, undefined, `a database, since '${user}' owns ${owned.length ? `several (${owned.join(', ')})` : 'none'}; `
      + `the cluster has ${['postgres', ...facts.databases.map(d => d.name)].join(', ')}`);
  }
  return owned[0];
}
