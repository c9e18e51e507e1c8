// The plan, table-driven: each row builds the app before and after a change with the public API, synthesizes both
// into directories as a user would, runs ClusterPlan.compare and compares the whole summary of one cluster (every
// figure, every Job, every setting, every blocker: a field not stated in the row must be at its "nothing" value).
import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { both, Build, cluster, ClusterExpectation, NOTHING, planBetween, summary } from './harness';
import { EXAMPLES } from '../../examples/registry';
import { ChangeKind, FleetDefaults, MajorVersionUpgradeMode, PlanReport, PostgresClusterProps, PostgresVersion, SpiloUpdateStrategy } from '../../src';

const HA: PostgresClusterProps & { name: string } = {
  name: 'orders-db',
  teamId: 'orders',
  instances: 3,
  version: PostgresVersion.V17,
  volume: { size: Size.gibibytes(10) },
  parameters: { max_connections: '200', work_mem: '16MB' },
  users: { app: [] },
  databases: { app: 'app' },
};
const ha = (over: Partial<PostgresClusterProps> = {}, extra?: (chart: Chart) => void): Build => cluster('orders', { ...HA, ...over }, extra);
const single = (over: Partial<PostgresClusterProps> = {}): Build => cluster('tiny', { name: 'tiny-db', teamId: 'acid', instances: 1, ...over });
const example = (name: string, upgrade = false): Build => app => { EXAMPLES.find(e => e.name === name)!.build(app, { upgrade }); };

/** A user's own Deployment beside the cluster (an object the library did not make). */
const api = (image: string, selector = 'orders-api'): Build => app => {
  const chart = new Chart(app, 'apps', { namespace: 'orders' });
  new kplus.Deployment(chart, 'api', { metadata: { name: 'orders-api' }, select: false, podMetadata: { labels: { app: selector } }, containers: [{ image, portNumber: 8080 }] })
    .select(kplus.LabelSelector.of({ labels: { app: selector } }));
};

/** Patches every rendered object of a kind whose name starts with a prefix (the escape hatch a user has). */
const patch = (kind: string, prefix: string, ...ops: JsonPatch[]) => (chart: Chart) => {
  for (const o of chart.node.findAll()) {
    if (o instanceof ApiObject && o.kind === kind && String(o.toJson().metadata.name).startsWith(prefix)) o.addJsonPatch(...ops);
  }
};

interface Row {
  readonly name: string;
  readonly before: Build;
  readonly after: Build;
  /** `namespace/name` of the cluster the row is about. */
  readonly cluster?: string;
  readonly expected: Partial<ClusterExpectation> & { change: ChangeKind };
  /** Extra checks on the whole report (steps, notes, other objects). */
  readonly check?: (report: PlanReport) => void;
}

const steps = (r: PlanReport, key = 'orders/orders-db') => r.clusters.find(c => `${c.namespace}/${c.name}` === key)!.steps.join('\n');
const notes = (r: PlanReport, key = 'orders/orders-db') => r.clusters.find(c => `${c.namespace}/${c.name}` === key)!.notes.join('\n');
const CHANGED = ChangeKind.CHANGED;
const v17 = { versionBefore: '17', versionAfter: '17' };

const ROWS: Row[] = [
  // ---- every example, its "upgrade" variant (more members, a parameter, a label) ----
  {
    name: 'minimal: 1 -> 2 members, work_mem, a label',
    before: example('minimal'),
    after: example('minimal', true),
    cluster: 'minimal/acid-minimal-cluster',
    expected: { change: CHANGED, membersBefore: 1, membersAfter: 2, versionBefore: '18', versionAfter: '18', podsReplaced: 1, switchovers: 1, jobs: ['creds', 'dcs', 'roll'], live: ['work_mem'] },
    check: r => expect(steps(r, 'minimal/acid-minimal-cluster')).toMatch(/acid-minimal-cluster-1 starts and joins[\s\S]*rollout Job waits for a member on the new template, switches over once/),
  },
  {
    name: 'production-ha: 3 -> 4 members, effective_io_concurrency, a label; billing untouched',
    before: example('production-ha'),
    after: example('production-ha', true),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 4, ...v17, podsReplaced: 3, switchovers: 1, jobs: ['creds', 'dcs', 'roll'], live: ['effective_io_concurrency'] },
    check: r => expect(summary(r, 'billing/billing-db')).toEqual({ ...NOTHING, change: ChangeKind.UNCHANGED, membersBefore: 2, membersAfter: 2, versionBefore: '18', versionAfter: '18' }),
  },
  {
    name: 'users-and-databases: 2 -> 3 members, a new user',
    before: example('users-and-databases'),
    after: example('users-and-databases', true),
    expected: { change: CHANGED, membersBefore: 2, membersAfter: 3, versionBefore: '18', versionAfter: '18', podsReplaced: 2, switchovers: 1, jobs: ['creds', 'dcs', 'roll', 'sync'], live: ['work_mem'], usersAdded: ['orders_batch'] },
  },
  {
    name: 'backups-and-logs: 2 -> 3 members; ledger untouched',
    before: example('backups-and-logs'),
    after: example('backups-and-logs', true),
    cluster: 'payments/payments-db',
    expected: { change: CHANGED, membersBefore: 2, membersAfter: 3, ...v17, podsReplaced: 2, switchovers: 1, jobs: ['creds', 'dcs', 'roll'], live: ['work_mem'] },
    check: r => expect(summary(r, 'payments/ledger-db').change).toBe(ChangeKind.UNCHANGED),
  },
  {
    name: 'clone-and-standby: the source grows; the standby rolls alone (no replica)',
    before: example('clone-and-standby'),
    after: example('clone-and-standby', true),
    cluster: 'analytics/analytics-db',
    expected: { change: CHANGED, membersBefore: 2, membersAfter: 3, versionBefore: '18', versionAfter: '18', podsReplaced: 2, switchovers: 1, jobs: ['creds', 'dcs', 'roll'], live: ['work_mem'] },
    check: r => expect(summary(r, 'analytics-dr/analytics-standby')).toMatchObject({ membersBefore: 1, membersAfter: 2, podsReplaced: 1, switchovers: 1 }),
  },
  {
    name: 'pooler-and-monitoring: 2 -> 3 members, the poolers roll for the label',
    before: example('pooler-and-monitoring'),
    after: example('pooler-and-monitoring', true),
    cluster: 'payments/payments-db',
    expected: { change: CHANGED, membersBefore: 2, membersAfter: 3, versionBefore: '18', versionAfter: '18', podsReplaced: 2, switchovers: 1, jobs: ['creds', 'dcs', 'roll', 'sync'], live: ['work_mem'] },
    check: r => expect(steps(r, 'payments/payments-db')).toMatch(/Deployment payments-db-pooler replaces its pods[\s\S]*Deployment payments-db-pooler-repl replaces its pods/),
  },
  {
    name: 'an unchanged app: nothing happens',
    before: example('users-and-databases'),
    after: example('users-and-databases'),
    expected: { change: ChangeKind.UNCHANGED, membersBefore: 2, membersAfter: 2, versionBefore: '18', versionAfter: '18' },
    check: r => expect([r.hasChanges, r.objects, r.hasBlockers]).toEqual([false, [], false]),
  },

  // ---- dynamic configuration ----
  {
    name: 'a reloadable parameter: live, no restart, only the dcs Job',
    before: ha(),
    after: ha({ parameters: { max_connections: '200', work_mem: '32MB', log_min_duration_statement: '250' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['dcs'], live: ['log_min_duration_statement', 'work_mem'] },
  },
  {
    name: 'Patroni settings and a slot: live',
    before: ha(),
    after: ha({ patroni: { ttl: Duration.seconds(40), slots: { cdc: { type: 'logical', database: 'app', plugin: 'pgoutput' } } } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['dcs'], live: ['slots', 'ttl'] },
  },
  {
    name: 'max_connections up: replicas restart first, one switchover',
    before: ha(),
    after: ha({ parameters: { max_connections: '300', work_mem: '16MB' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, restarts: 3, switchovers: 1, jobs: ['dcs'], restart: ['max_connections'] },
    check: r => expect(steps(r)).toMatch(/restarts the 2 replicas first, then switches over once/),
  },
  {
    name: 'max_connections down: the primary restarts first, no switchover',
    before: ha(),
    after: ha({ parameters: { max_connections: '150', work_mem: '16MB' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, restarts: 3, jobs: ['dcs'], restart: ['max_connections'] },
    check: r => expect(steps(r)).toMatch(/lowered max_connections: it restarts the primary first \(in place, no switchover\)/),
  },
  {
    name: 'a parameter removed from git: back to the default, live',
    before: ha(),
    after: ha({ parameters: { max_connections: '200' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['dcs'], live: ['work_mem'] },
    check: r => expect(r.clusters[0].settings).toEqual([{ name: 'work_mem', before: '16MB', needsRestart: false }]),
  },
  {
    name: 'max_connections removed from git: kept by the cluster, nothing restarts',
    before: ha(),
    after: ha({ parameters: { work_mem: '16MB' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['dcs'] },
    check: r => expect(notes(r)).toContain('max_connections removed from git: the cluster keeps its running value'),
  },
  {
    name: 'a restart parameter on a single member: one restart, no switchover',
    before: single(),
    after: single({ parameters: { wal_level: 'logical' } }),
    cluster: 'tiny/tiny-db',
    expected: { change: CHANGED, membersBefore: 1, membersAfter: 1, versionBefore: '18', versionAfter: '18', restarts: 1, jobs: ['dcs'], restart: ['wal_level'] },
  },

  // ---- the pod template: rolls ----
  {
    name: 'a local parameter (log_rotation_age): the members roll, one switchover',
    before: ha(),
    after: ha({ parameters: { max_connections: '200', work_mem: '16MB', log_rotation_age: '2d' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, podsReplaced: 3, switchovers: 1, jobs: ['roll'] },
    check: r => expect(r.clusters[0].rollReasons.map(f => f.path)).toEqual(["spec.template.metadata.annotations['cdk8s-postgres/local-configuration']"]),
  },
  {
    name: 'shared_buffers (local) and max_connections (restart) together: a roll and then the restarts',
    before: ha(),
    after: ha({ parameters: { max_connections: '400', work_mem: '16MB', shared_buffers: '512MB' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, podsReplaced: 3, restarts: 3, switchovers: 2, jobs: ['dcs', 'roll'], restart: ['max_connections'] },
    check: r => expect(steps(r)).toMatch(/rollout Job replaces the 2 replicas[\s\S]*restarts the 2 replicas first/),
  },
  {
    name: 'a new image: the members roll, every Job of the cluster runs again (they use the image)',
    before: ha(),
    after: ha({ image: 'ghcr.io/zalando/spilo-17:4.0-p3' }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, podsReplaced: 3, switchovers: 1, jobs: ['creds', 'dcs', 'roll', 'sync'] },
    check: r => {
      expect(r.clusters[0].rollReasons.map(f => f.path)).toContain('spec.template.spec.containers[postgres].image');
      expect(steps(r)).toMatch(/^the credentials Job runs: it creates the Secrets that are missing[\s\S]*the sync Job runs its SQL again[\s\S]*the dynamic configuration Job runs: git's configuration is unchanged/);
    },
  },
  {
    name: 'a memory limit: the members roll',
    before: ha(),
    after: ha({ resources: { memoryLimit: Size.gibibytes(2) } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, podsReplaced: 3, switchovers: 1, jobs: ['roll'] },
    check: r => expect(r.clusters[0].rollReasons.map(f => f.path)).toEqual(['spec.template.spec.containers[postgres].resources.limits.memory']),
  },
  {
    name: 'a local parameter on a single member: replaced, an outage, no switchover',
    before: single(),
    after: single({ parameters: { log_rotation_age: '2d' } }),
    cluster: 'tiny/tiny-db',
    expected: { change: CHANGED, membersBefore: 1, membersAfter: 1, versionBefore: '18', versionAfter: '18', podsReplaced: 1 },
    check: r => expect(steps(r, 'tiny/tiny-db')).toContain('the only member tiny-db-0 is replaced: the database is unavailable'),
  },
  {
    name: 'ROLLING_UPDATE: the StatefulSet replaces the members, the preStop hook switches over',
    before: ha({ updateStrategy: SpiloUpdateStrategy.ROLLING_UPDATE }),
    after: ha({ updateStrategy: SpiloUpdateStrategy.ROLLING_UPDATE, parameters: { max_connections: '200', work_mem: '16MB', log_rotation_age: '2d' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, podsReplaced: 3, switchovers: 1 },
    check: r => expect(steps(r)).toMatch(/the StatefulSet replaces the members highest ordinal first/),
  },

  // ---- members, volume, version ----
  {
    name: 'scale up 3 -> 5: no roll, no Job',
    before: ha(),
    after: ha({ instances: 5 }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 5, ...v17 },
    check: r => expect(steps(r)).toContain('scale 3 -> 5: orders-db-3, orders-db-4 start and join as replicas'),
  },
  {
    name: 'scale down 3 -> 2: the removed member\'s claim is kept',
    before: ha(),
    after: ha({ instances: 2 }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 2, ...v17 },
    check: r => expect(steps(r)).toContain('claims kept: pgdata-orders-db-2'),
  },
  {
    name: 'volume 10Gi -> 20Gi with claimTemplateSize: the claims grow, nothing rolls',
    before: ha(),
    after: ha({ volume: { size: Size.gibibytes(20), claimTemplateSize: Size.gibibytes(10) } }),
    expected: {
      change: CHANGED,
      membersBefore: 3,
      membersAfter: 3,
      ...v17,
      volumeChanges: ['pgdata-orders-db-0: 10Gi -> 20Gi', 'pgdata-orders-db-1: 10Gi -> 20Gi', 'pgdata-orders-db-2: 10Gi -> 20Gi'],
    },
  },
  {
    name: 'BLOCKER volume 10Gi -> 20Gi without claimTemplateSize: the claim template is immutable',
    before: ha(),
    after: ha({ volume: { size: Size.gibibytes(20) } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, blockers: ['spec.volumeClaimTemplates[0].spec.resources.requests.storage'] },
    check: r => {
      expect(r.blockers[0].remedy).toContain('volume.claimTemplateSize');
      expect(notes(r)).toContain('the API server refuses the StatefulSet update as a whole');
    },
  },
  {
    name: 'BLOCKER claims shrink 30Gi -> 20Gi',
    before: ha({ volume: { size: Size.gibibytes(30), claimTemplateSize: Size.gibibytes(10) } }),
    after: ha({ volume: { size: Size.gibibytes(20), claimTemplateSize: Size.gibibytes(10) } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, blockers: Array(3).fill('spec.resources.requests.storage') },
    check: r => expect(r.blockers.map(b => b.object)).toEqual([0, 1, 2].map(i => `PersistentVolumeClaim orders/pgdata-orders-db-${i}`)),
  },
  {
    name: 'version 17 -> 18: the members roll onto PGVERSION 18, then the in-place upgrade',
    before: ha(),
    after: ha({ version: PostgresVersion.V18 }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, versionBefore: '17', versionAfter: '18', podsReplaced: 3, switchovers: 1, jobs: ['dcs', 'roll'] },
    check: r => expect(steps(r)).toMatch(/upgrades PostgreSQL 17 -> 18 in place/),
  },
  {
    name: 'BLOCKER version 17 -> 18 with majorVersionUpgrade off',
    before: ha({ majorVersionUpgrade: { mode: MajorVersionUpgradeMode.OFF } }),
    after: ha({ version: PostgresVersion.V18, majorVersionUpgrade: { mode: MajorVersionUpgradeMode.OFF } }),
    expected: {
      change: CHANGED,
      membersBefore: 3,
      membersAfter: 3,
      versionBefore: '17',
      versionAfter: '18',
      podsReplaced: 3,
      switchovers: 1,
      jobs: ['dcs', 'roll'],
      blockers: ['spec.template.spec.containers[postgres].env[PGVERSION].value'],
    },
  },
  {
    name: 'BLOCKER version 18 -> 17: a downgrade',
    before: ha({ version: PostgresVersion.V18 }),
    after: ha(),
    expected: {
      change: CHANGED,
      membersBefore: 3,
      membersAfter: 3,
      versionBefore: '18',
      versionAfter: '17',
      podsReplaced: 3,
      switchovers: 1,
      jobs: ['dcs', 'roll'],
      blockers: ['spec.template.spec.containers[postgres].env[PGVERSION].value'],
    },
    check: r => {
      expect(r.blockers[0].problem).toContain('cannot go down a major (18 -> 17)');
      expect(steps(r)).toMatch(/the dynamic configuration Job fails at once \(no retries\) naming both majors; the cluster keeps running PostgreSQL 18$/);
    },
  },

  // ---- users, databases, credentials ----
  {
    name: 'a user and a database added: the sync Job creates them, the credentials Job their Secret',
    before: ha(),
    after: ha({ users: { app: [], reporting: [] }, databases: { app: 'app', reports: 'reporting' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['creds', 'sync'], usersAdded: ['reporting'], databasesAdded: ['reports'] },
  },
  {
    name: 'a user and a database removed from git: nothing dropped, said so',
    before: ha({ users: { app: [], reporting: [] }, databases: { app: 'app', reports: 'reporting' } }),
    after: ha(),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['creds', 'sync'], usersRemoved: ['reporting'], databasesRemoved: ['reports'] },
    check: r => expect(notes(r)).toMatch(/kept in the database \(nothing is dropped or revoked\): role reporting; database reports/),
  },
  {
    name: 'password rotation of app: credentials and sync Jobs, nothing rolls',
    before: ha(),
    after: ha({ passwordRotation: { app: '2026-q4' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['creds', 'sync'], credentialsRotated: ['app'] },
  },
  {
    name: 'password rotation of the pooler role: the pooler pods roll too',
    before: ha({ connectionPooler: {} }),
    after: ha({ connectionPooler: {}, passwordRotation: { pooler: 'r1' } }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, jobs: ['creds', 'sync'], credentialsRotated: ['pooler'] },
    check: r => expect(steps(r)).toMatch(/Deployment orders-db-pooler replaces its pods/),
  },

  // ---- clusters created, removed, renamed, moved ----
  {
    name: 'a cluster created beside another',
    before: ha(),
    after: both(ha(), single()),
    cluster: 'tiny/tiny-db',
    expected: { change: ChangeKind.CREATED, membersAfter: 1, versionAfter: '18', jobs: ['creds', 'dcs'] },
  },
  {
    name: 'a cluster removed: nothing of its data is deleted, what stays is listed',
    before: both(ha(), single()),
    after: ha(),
    cluster: 'tiny/tiny-db',
    expected: { change: ChangeKind.REMOVED, membersBefore: 1, versionBefore: '18' },
    check: r => {
      expect(notes(r, 'tiny/tiny-db')).toMatch(/member claims \(pgdata-tiny-db-0\) are retained[\s\S]*kubectl delete pvc,configmap,secret -n tiny -l cluster-name=tiny-db/);
      expect(r.hasBlockers).toBe(false);
    },
  },
  {
    name: 'BLOCKER a cluster renamed: a new empty cluster, the old data orphaned',
    before: ha(),
    after: ha({ name: 'orders-main' }),
    cluster: 'orders/orders-main',
    expected: { change: ChangeKind.CREATED, membersAfter: 3, versionAfter: '17', jobs: ['creds', 'dcs', 'roll', 'sync'], usersAdded: ['app'], databasesAdded: ['app'], blockers: ['metadata.name'] },
    check: r => expect(r.blockers[0].problem).toContain("orders-db's data (claims pgdata-orders-db-*) is orphaned"),
  },
  {
    name: 'BLOCKER a cluster moved to another namespace',
    before: ha(),
    after: cluster('shop', HA),
    cluster: 'shop/orders-db',
    expected: { change: ChangeKind.CREATED, membersAfter: 3, versionAfter: '17', jobs: ['creds', 'dcs', 'roll', 'sync'], usersAdded: ['app'], databasesAdded: ['app'], blockers: ['metadata.namespace'] },
  },

  // ---- immutable fields ----
  {
    name: 'BLOCKER podManagementPolicy changed',
    before: ha(),
    after: ha({ podManagementPolicy: kplus.PodManagementPolicy.PARALLEL }),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, blockers: ['spec.podManagementPolicy'] },
  },
  {
    name: 'BLOCKER the selector changed (fleet cluster labels)',
    before: ha(),
    after: ha({ fleet: new FleetDefaults({ clusterLabels: { application: 'db' } }) }),
    expected: {
      change: CHANGED,
      membersBefore: 3,
      membersAfter: 3,
      ...v17,
      podsReplaced: 3,
      switchovers: 1,
      jobs: ['creds', 'dcs', 'roll'],
      blockers: ['spec.selector.matchLabels.application', 'spec.volumeClaimTemplates[0].metadata.labels.application'],
    },
  },
  {
    name: 'BLOCKER serviceName changed by a patch',
    before: ha(),
    after: ha({}, patch('StatefulSet', 'orders-db', JsonPatch.replace('/spec/serviceName', 'orders-db-headless'))),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, blockers: ['spec.serviceName'] },
  },
  {
    name: 'BLOCKER a Job template changed under the same name (a hand patch)',
    before: ha(),
    after: ha({}, patch('Job', 'orders-db-sync-', JsonPatch.add('/spec/template/metadata/annotations', { note: 'x' }))),
    expected: { change: CHANGED, membersBefore: 3, membersAfter: 3, ...v17, blockers: ['spec.template.metadata.annotations'] },
  },

  // ---- objects the library did not make ----
  {
    name: 'a user Deployment beside the cluster: object-level diff only',
    before: both(ha(), api('api:1')),
    after: both(ha(), api('api:2')),
    expected: { change: ChangeKind.UNCHANGED, membersBefore: 3, membersAfter: 3, ...v17 },
    check: r => {
      expect(r.objects.map(o => [o.kind, o.name, o.change, o.fields.map(f => `${f.path}: ${f.before} -> ${f.after}`)])).toEqual([
        ['Deployment', 'orders-api', 'changed', ['spec.template.spec.containers[main].image: api:1 -> api:2']],
      ]);
      expect(r.hasBlockers).toBe(false);
    },
  },
  {
    name: 'BLOCKER a user Deployment whose selector changes',
    before: both(ha(), api('api:1')),
    after: both(ha(), api('api:1', 'orders-web')),
    expected: { change: ChangeKind.UNCHANGED, membersBefore: 3, membersAfter: 3, ...v17 },
    check: r => expect(r.blockers.map(b => [b.cluster, b.object, b.field])).toEqual([[undefined, 'Deployment orders/orders-api', 'spec.selector.matchLabels.app']]),
  },
];

describe('ClusterPlan: the table of change pairs', () => {
  test('the table has at least 30 rows and every blocker kind', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    const blockerRows = ROWS.filter(r => r.name.startsWith('BLOCKER')).map(r => r.name);
    for (const kind of [/claim template/, /shrink/, /downgrade/, /majorVersionUpgrade off/, /renamed/, /namespace/, /podManagementPolicy/, /selector changed/, /serviceName/, /Job template/]) {
      expect(blockerRows.some(n => kind.test(n))).toBe(true);
    }
  });

  test.each(ROWS.map(r => [r.name, r] as const))('%s', (_name, row) => {
    const report = planBetween(row.before, row.after);
    expect(summary(report, row.cluster ?? 'orders/orders-db')).toEqual({ ...NOTHING, ...row.expected });
    // A row is a blocker row exactly when the whole report has blockers.
    expect(report.hasBlockers).toBe(row.name.startsWith('BLOCKER'));
    row.check?.(report);
  });
});
