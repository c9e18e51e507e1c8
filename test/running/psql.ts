// An application's view of a cluster: a client pod in the cluster's namespace (the Spilo image, which carries
// psql) that connects through the Services by DNS name with passwords read from the credential Secrets.
import { randomBytes } from 'crypto';
import { isReady, until } from './live';
import { RunningTarget } from './target';
import { Manifest } from '../apiserver/client';

export const CLIENT_POD = 'cdk8s-pg-test-client';

/** Starts (or keeps) the client pod; `avoidNode`: recreate it elsewhere if it runs there (before a drain). */
export async function startClient(target: RunningTarget, ns: string, image: string, avoidNode?: string): Promise<void> {
  const ref = { apiVersion: 'v1', kind: 'Pod', metadata: { name: CLIENT_POD, namespace: ns } };
  const existing = await target.client.get(ref);
  if (existing && (existing.metadata.deletionTimestamp || (avoidNode && existing.spec.nodeName === avoidNode))) {
    await target.client.delete(ref);
    await until(`old client pod in ${ns} gone`, 60_000, async () => await target.client.get(ref) ? undefined : true);
  } else if (existing) {
    await until(`client pod in ${ns} ready`, 120_000, async () => isReady(await target.client.get(ref)) ? true : undefined);
    return;
  }
  const affinity = avoidNode ? {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: [avoidNode] }] },
        ],
      },
    },
  } : undefined;
  const pod: Manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: CLIENT_POD, namespace: ns, labels: { app: CLIENT_POD } },
    spec: {
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      ...(affinity ? { affinity } : {}),
      securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'client',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['sleep', 'infinity'],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
  await target.client.apply(pod, { fieldManager: 'cdk8s-postgres-test-tier' });
  await target.client.apply(clientPolicy(ns), { fieldManager: 'cdk8s-postgres-test-tier' });
  await until(`client pod in ${ns} ready`, 120_000, async () => isReady(await target.client.get(pod)) ? true : undefined);
}

/**
 * The tier declares its client as an application would with a policy of its own (NetworkPolicies add up): 5432 of
 * the namespace's members and poolers, nothing else (not Patroni's 8008, not bg_mon). Needed where policies are
 * enforced (CDK8S_PG_NETWORK_POLICIES=1); test/running/network-policies.running.test.ts proves `allowFrom` itself.
 */
function clientPolicy(ns: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: CLIENT_POD, namespace: ns },
    spec: {
      podSelector: { matchExpressions: [{ key: 'application', operator: 'In', values: ['spilo', 'db-connection-pooler'] }] },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: CLIENT_POD } } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    },
  } as Manifest;
}

export async function secretValue(target: RunningTarget, ns: string, name: string, key: string): Promise<string> {
  const r = await target.client.request('GET', `/api/v1/namespaces/${ns}/secrets/${name}`);
  if (r.status !== 200) throw new Error(`secret ${ns}/${name}: HTTP ${r.status}`);
  const v = r.body.data?.[key];
  if (v === undefined) throw new Error(`secret ${ns}/${name} has no key ${key}`);
  return Buffer.from(v, 'base64').toString('utf8');
}

export interface Login {
  readonly host: string;
  readonly user: string;
  readonly password: string;
  readonly database?: string;
  readonly port?: number;
  /** A CA file in the client pod: connect with sslmode=verify-full against it (else sslmode=require). */
  readonly sslRootCert?: string;
}

/** Runs SQL through the client pod; returns psql's unaligned, tuples-only output (rows by \n, fields by |). */
export async function psql(target: RunningTarget, ns: string, login: Login, sql: string, timeoutMs = 30_000): Promise<string> {
  const conninfo = `host=${login.host} port=${login.port ?? 5432} user=${login.user} dbname=${login.database ?? 'postgres'} `
    + `${login.sslRootCert ? `sslmode=verify-full sslrootcert=${login.sslRootCert}` : 'sslmode=require'} `
    + `connect_timeout=5 application_name=cdk8s-pg-test-${randomBytes(3).toString('hex')}`;
  const out = await target.kubectl(['exec', '-i', '-n', ns, CLIENT_POD, '--', 'env', `PGPASSWORD=${login.password}`,
    'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-tA', conninfo, '-f', '-'], { input: sql, timeoutMs });
  return out.trim();
}

/**
 * A steady writer in the client pod: one INSERT of clock_timestamp() every ~100 ms through the primary Service, in
 * its own connection each time (as an application reconnecting). The longest gap between rows is the write gap.
 */
export async function startWriter(target: RunningTarget, ns: string, login: Login, table: string): Promise<void> {
  await psql(target, ns, login, `DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table}(at timestamptz NOT NULL);`);
  const loop = `while [ ! -e /tmp/stop-${table} ]; do psql -X -q -c "INSERT INTO ${table} VALUES (clock_timestamp())" `
    + `"host=${login.host} user=${login.user} dbname=${login.database ?? 'postgres'} sslmode=require connect_timeout=1" `
    + '>/dev/null 2>&1; sleep 0.1; done';
  await target.kubectl(['exec', '-n', ns, CLIENT_POD, '--', 'bash', '-c',
    `rm -f /tmp/stop-${table}; PGPASSWORD='${login.password}' nohup bash -c '${loop}' >/dev/null 2>&1 &`]);
}

/** Stops the writer and returns the longest gap between consecutive rows, in seconds, and the row count. */
export async function stopWriter(target: RunningTarget, ns: string, login: Login, table: string): Promise<{ gap: number; rows: number }> {
  await target.kubectl(['exec', '-n', ns, CLIENT_POD, '--', 'touch', `/tmp/stop-${table}`]);
  const out = await psql(target, ns, login,
    `SELECT coalesce(extract(epoch FROM max(d)), 0), count(*) FROM (SELECT at - lag(at) OVER (ORDER BY at) AS d FROM ${table}) s;`);
  const [gap, rows] = out.split('|').map(Number);
  return { gap, rows };
}
