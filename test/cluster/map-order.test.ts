// The order of a map's entries never reaches the output. jsii hands maps over in the host language's order: Go sorted,
// Java's Map.of in an order that changes per JVM run, TypeScript and Python as written. Users, databases, parameters
// and labels become SQL, credential lists and the hashes in Job names, so the same cluster written with its maps in
// any order must synthesize the same bytes (the bindings tier checks Go and Java apps against TypeScript's YAML).
import { Duration } from 'cdk8s';
import { Credentials, FleetDefaults, LogShipping, PostgresCluster, PostgresClusterProps, PostgresMonitoring, PostgresSidecar, StorageCredentials, UserFlag } from '../../src';
import { chart, synth } from '../util';

/** A copy of `value` whose plain objects list their keys in the order `order` gives, at every depth. */
function reorder(value: unknown, order: (keys: string[]) => string[]): any {
  if (Array.isArray(value)) return value.map(v => reorder(v, order));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(order(Object.keys(obj)).map(k => [k, reorder(obj[k], order)]));
}

/** A deterministic shuffle (a linear congruential generator), so a failure is reproducible. */
function shuffled(seed: number): (keys: string[]) => string[] {
  let state = seed;
  return keys => {
    const out = [...keys];
    for (let i = out.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

// Every map-typed prop a cluster, its fleet, its sidecars and its monitoring take, with several entries each.
const clusterMaps = (): Partial<PostgresClusterProps> => ({
  users: { 'zeta_app': [UserFlag.LOGIN], 'alpha_owner': [UserFlag.CREATEDB], 'reporting.analyst': [], 'mid_user': [UserFlag.NOLOGIN] },
  databases: { zeta: 'zeta_app', alpha: 'alpha_owner', mid: 'mid_user' },
  preparedDatabases: {
    shop: { defaultUsers: true, schemas: { orders: { defaultUsers: true }, billing: {}, audit: { defaultRoles: false } }, extensions: { pgcrypto: 'billing', hstore: 'orders' } },
    archive: {},
  },
  userCredentials: { zeta_app: Credentials.generated() },
  passwordRotation: { zeta_app: '2026-12-01', alpha_owner: '2026-11-30' },
  parameters: { work_mem: '8MB', max_connections: '200', shared_buffers: '256MB', log_min_duration_statement: '500' },
  labels: { 'z-label': 'z', 'a-label': 'a' },
  annotations: { 'example.com/z': 'z', 'example.com/a': 'a' },
  podAnnotations: { 'example.com/pz': 'z', 'example.com/pa': 'a' },
  serviceAnnotations: { 'example.com/sz': 'z', 'example.com/sa': 'a' },
  masterServiceAnnotations: { 'example.com/mz': 'z', 'example.com/ma': 'a' },
  replicaServiceAnnotations: { 'example.com/rz': 'z', 'example.com/ra': 'a' },
  patroni: { ttl: Duration.seconds(40), initdb: { locale: 'C', encoding: 'UTF8' }, slots: { zslot: { type: 'physical' }, aslot: { type: 'logical', database: 'zeta', plugin: 'pgoutput' } } },
  logShipping: LogShipping.toS3({ bucket: 'pg-logs', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity(), tags: { 'team': 'acid', 'cost-center': 'db:42', 'app': 'shop' } }),
  connectionPooler: {},
});

const fleetMaps = () => ({
  labels: { 'fleet-z': 'z', 'fleet-a': 'a' },
  annotations: { 'example.com/fz': 'z', 'example.com/fa': 'a' },
  podAnnotations: { 'example.com/fpz': 'z', 'example.com/fpa': 'a' },
  serviceAnnotations: { 'example.com/fsz': 'z', 'example.com/fsa': 'a' },
  nodeReadinessLabel: { 'node.example.com/z': 'ready', 'node.example.com/a': 'ready' },
  allowedSecretNamespaces: ['reporting'],
  inheritedLabels: ['z-label', 'a-label'],
});

function synthWith(order: (keys: string[]) => string[]): string {
  const c = chart();
  const db = new PostgresCluster(c, 'shop-db', {
    teamId: 'shop',
    instances: 2,
    fleet: new FleetDefaults(reorder(fleetMaps(), order)),
    sidecars: [new PostgresSidecar(reorder({ name: 'tool', image: 'example/tool:1', configFiles: { 'z.conf': 'z = 1\n', 'a.conf': 'a = 1\n' } }, order)), PostgresSidecar.postgresExporter()],
    ...reorder(clusterMaps(), order),
  });
  new PostgresMonitoring(c, 'monitoring', reorder({ cluster: db, labels: { release: 'prom', team: 'db' }, alertLabels: { severity: 'page', owner: 'dba' } }, order));
  return JSON.stringify(synth(c));
}

test('the same cluster with its maps in any key order synthesizes the same bytes', () => {
  const written = synthWith(keys => keys);
  expect(written).toContain('shop-db-sync-');
  // Reversed and five shuffles: users, databases, schemas, parameters, labels, tags, config files, monitoring labels.
  for (const order of [(keys: string[]) => [...keys].reverse(), ...[1, 2, 3, 4, 5].map(shuffled)]) {
    expect(synthWith(order)).toBe(written);
  }
});

/** The sync SQL of the cluster in `c`. */
const syncSql = (objects: any[]): string => objects.filter(o => o.kind === 'ConfigMap' && o.data?.['sync.sql']).map(o => o.data['sync.sql']).join('\n');

test('the order is the keys\' sorted order, whatever the order written: SQL takes alpha_owner\'s password before zeta_app\'s', () => {
  const c = chart();
  new PostgresCluster(c, 'db', { teamId: 'acid', users: { zeta_app: [], alpha_owner: [] } });
  const sql = syncSql(synth(c));
  const alpha = sql.indexOf("cdk8s_take_password('alpha_owner'");
  expect(alpha).toBeGreaterThan(-1);
  expect(sql.indexOf("cdk8s_take_password('zeta_app'")).toBeGreaterThan(alpha);
});

test('a prepared database\'s search_path lists its schemas in sorted order', () => {
  const c = chart();
  new PostgresCluster(c, 'db', { teamId: 'acid', preparedDatabases: { shop: { schemas: { orders: {}, billing: {} } } } });
  const line = syncSql(synth(c)).split('\n').find(l => l.includes("cdk8s_search_path('shop_owner'"));
  expect(line).toBeDefined();
  expect(line!.indexOf('billing')).toBeGreaterThan(line!.indexOf('$user'));
  expect(line!.indexOf('orders')).toBeGreaterThan(line!.indexOf('billing'));
});
