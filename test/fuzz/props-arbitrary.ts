// fast-check generators of PostgresClusterProps + FleetDefaultsProps that mix valid and hostile values: bad names,
// labels, parameters, env, volumes, sidecars, tolerations, users and databases, backup, pooler, numbers at and past
// their bounds, control characters, `..`, and huge strings. Shared by the unit fuzz and the API-server sample.
import { Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  Backup, BackupStorage, CloneSource, FleetDefaultsProps, LogShipping, PostgresClusterProps, PostgresResources, PostgresSidecar, PostgresVersion,
  StandbySource, StorageCredentials, UserFlag,
} from '../../src';

const HUGE = 'x'.repeat(100_000);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Present in about one case of five: for the many less central props, so that a case does not set them all. */
const rare = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 });
/** Mostly valid picks with hostile ones mixed in. */
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const hostileString = pick('', ' ', '..', '../x', 'a\nb', 'a\u0000b', 'a\tb', 'A_B', '-x', 'x-', '$(X)', '${X}', 'é', HUGE);
/** Hostile values are rare per field, so that about half the cases are valid as a whole. */
const HOSTILE_WEIGHT = 1;
const VALID_WEIGHT = 40;
/** A valid value, else a value wrong for this field, else a generally hostile string. */
const mixed = (valid: fc.Arbitrary<string>, ...wrong: string[]) => fc.oneof(
  { arbitrary: valid, weight: VALID_WEIGHT },
  { arbitrary: wrong.length ? pick(...wrong) : hostileString, weight: HOSTILE_WEIGHT },
  { arbitrary: hostileString, weight: HOSTILE_WEIGHT });
const number = (...valid: number[]) => fc.oneof({ arbitrary: pick(...valid), weight: VALID_WEIGHT },
  { arbitrary: pick(-1, 0, 0.5, 1.5, 1e9, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity), weight: HOSTILE_WEIGHT });
/** Lists mostly without duplicate keys (a duplicate is refused, which is tested, but should not dominate). */
const list = <T>(item: fc.Arbitrary<T>, maxLength: number, key: (t: T) => unknown) => fc.oneof(
  { arbitrary: fc.uniqueArray(item, { maxLength, selector: key }), weight: 20 },
  { arbitrary: fc.array(item, { maxLength }), weight: 1 });
const dict = <T>(keys: fc.Arbitrary<string>, values: fc.Arbitrary<T>) => fc.dictionary(keys, values, { maxKeys: 3 });

const labelKey = mixed(pick('tier', 'app.kubernetes.io/part-of', 'example.com/owner'), 'spilo-role', 'cluster-name', 'k'.repeat(64), 'a b');
const labelValue = mixed(pick('a', '', 'blue', 'v1.2'), 'x'.repeat(64), 'a b', '-a');
const parameterName = mixed(pick('work_mem', 'log_statement', 'max_connections', 'wal_level'), 'listen_addresses', 'Work-Mem', 'port');
const parameterValue = mixed(pick('4MB', '100', 'logical', 'replica'), 'minimal');
const envName = mixed(pick('TZ', 'MY_VAR', 'APP_MODE'), 'SCOPE', 'PGUSER', '1X', 'a b', 'patroni_ttl', 'X'.repeat(300));
const containerName = mixed(pick('exporter', 'agent', 'shipper'), 'postgres', 'Agent', 'a'.repeat(57));
const image = mixed(pick('example/img:1', 'registry.example.com/team/app@sha256:' + 'a'.repeat(64)), 'my image');
const mountPath = mixed(pick('/data', '/extra/cache', '/opt/tools'), '/home/postgres/pgdata', '/dev/shm', '/a/../b', 'rel', '/', '/var/run/postgresql');
const volumeName = mixed(pick('data', 'cache', 'tools'), 'dshm', 'pgdata', 'Data', 'v'.repeat(70));
const roleName = mixed(pick('app', 'reader', 'app_owner'), 'Bad', 'postgres', 'pg_x', 'standby', 'team.app', 'a'.repeat(64));
const databaseName = mixed(pick('app', 'orders', 'shop'), 'my-db', 'postgres', 'template1', 'D'.repeat(64));
const flag = mixed(pick('login', 'createdb', 'nologin', 'NOCREATEDB', 'replication'), 'superman') as fc.Arbitrary<UserFlag>;

const sidecar = fc.record({
  name: containerName,
  image,
  port: opt(fc.oneof({ arbitrary: pick(9100, 9187, 9200), weight: VALID_WEIGHT }, { arbitrary: pick(5432, 8008, 8080, 0, 70000, 1.5), weight: 2 })),
  portName: opt(mixed(pick('metrics', 'http'), 'Metrics-Exporter-Long', '9100')),
  env: list(fc.record({ name: envName, value: mixed(pick('1', 'on')) }), 2, e => e.name),
  mount: opt(fc.record({
    name: mixed(pick('dshm'), 'pgdata', 'data'),
    mountPath: mixed(pick('/shm', '/cache'), '/home/postgres/pgdata', 'rel'),
    subPath: opt(mixed(pick('a', 'x/y'), '../a', '/a')),
  })),
});
type SidecarInput = typeof sidecar extends fc.Arbitrary<infer T> ? T : never;
const buildSidecar = (s: SidecarInput) => new PostgresSidecar({
  name: s.name,
  image: s.image,
  ...(s.port !== undefined ? { ports: [{ containerPort: s.port, ...(s.portName ? { name: s.portName } : {}) }], metricsPortName: s.portName } : {}),
  env: s.env,
  ...(s.mount ? { volumeMounts: [s.mount] } : {}),
});

/** Complete valid tolerations, sometimes replaced by a record of independently picked (often inconsistent) fields. */
const toleration = fc.oneof(
  {
    arbitrary: pick<k8s.Toleration>({ key: 'db', operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' },
      { key: 'example.com/spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
    weight: 20,
  },
  {
    arbitrary: fc.record({
      key: opt(mixed(pick('db', 'dedicated', 'example.com/gpu'), 'bad key')),
      operator: opt(mixed(pick('Equal', 'Exists'), 'In')),
      value: opt(labelValue),
      effect: opt(mixed(pick('NoSchedule', 'NoExecute', 'PreferNoSchedule', ''), 'NoRun')),
      tolerationSeconds: opt(number(30, 300)),
    }),
    weight: 1,
  },
);

const storage = fc.record({
  kind: pick('s3', 'gcs'),
  bucket: mixed(pick('acid-wal', 'team-backups'), 'Bad_B', 'ab', '192.168.1.1', 'goog-x'),
  region: mixed(pick('eu-central-1', 'us-east-1'), 'EU'),
});
type StorageInput = typeof storage extends fc.Arbitrary<infer T> ? T : never;
const buildStorage = (s: StorageInput) => (s.kind === 's3'
  ? BackupStorage.s3({ bucket: s.bucket, region: s.region, credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/wal') })
  : BackupStorage.gcs({ bucket: s.bucket, credentials: StorageCredentials.gkeWorkloadIdentity('wal-sa@p-1234.iam.gserviceaccount.com') }));

const backup = fc.oneof(
  fc.constant(undefined),
  fc.constant('disabled' as const),
  fc.record({
    storage,
    schedule: opt(mixed(pick('0 1 * * *', '30 */6 * * 1-5'), '0 25 * * *', '@daily')),
    backupsToRetain: opt(number(2, 5, 14)),
    scopePrefix: opt(mixed(pick('team-a-', 'x/'), '/x', 'a/../b')),
  }),
);

type BackupInput = Exclude<FuzzInput['backup'], undefined | 'disabled'>;
const walG = ({ storage: where, ...options }: BackupInput) => Backup.walG(buildStorage(where), options);

const seconds = (...valid: number[]) => number(...valid);
const cpu = fc.oneof({ arbitrary: pick(100, 250, 500, 1000, 2000), weight: VALID_WEIGHT }, { arbitrary: pick(0, 0.5, 1e9), weight: HOSTILE_WEIGHT });
const mebibytes = fc.oneof({ arbitrary: pick(128, 256, 1024, 4096), weight: VALID_WEIGHT }, { arbitrary: pick(0, 3, 1e12), weight: HOSTILE_WEIGHT });

const patroni = fc.record({
  ttl: opt(seconds(30, 60)),
  loopWait: opt(seconds(5, 10)),
  retryTimeout: opt(seconds(5, 10)),
  slots: rare(dict(mixed(pick('cdc', 'replica_b'), 'Bad-Slot'), fc.record({
    type: mixed(pick('physical', 'logical'), 'weird'), database: databaseName, plugin: mixed(pick('pgoutput', 'wal2json')),
  }))),
  pgHba: opt(fc.array(mixed(pick('hostssl all all 0.0.0.0/0 scram-sha-256', 'local all all trust', 'host replication standby all md5'),
    'host all all all md5\nlocal all all trust'), { minLength: 1, maxLength: 3 })),
  initdb: opt(dict(mixed(pick('locale', 'encoding', 'data-checksums'), '--locale'), mixed(pick('C', 'UTF8', 'en_US.UTF-8', 'true')))),
  synchronousMode: opt(fc.boolean()),
});

const loadBalancer = fc.record({
  master: opt(fc.boolean()),
  replica: opt(fc.boolean()),
  allowedSourceRanges: opt(fc.array(mixed(pick('10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32', '203.0.113.7/32'), '300.0.0.0/8', '10.0.0.0/33', 'any'),
    { maxLength: 3 })),
});

const resources = fc.record({
  cpuRequest: opt(cpu),
  cpuLimit: opt(cpu),
  memoryRequest: opt(mebibytes),
  memoryLimit: opt(mebibytes),
  hugepages2Mi: opt(mixed(pick('2', '64'), '3').map(Number)),
});
type ResourcesInput = typeof resources extends fc.Arbitrary<infer T> ? T : never;
const buildResources = (r: ResourcesInput): PostgresResources => ({
  ...(r.cpuRequest !== undefined ? { cpuRequest: Cpu.millis(r.cpuRequest) } : {}),
  ...(r.cpuLimit !== undefined ? { cpuLimit: Cpu.millis(r.cpuLimit) } : {}),
  ...(r.memoryRequest !== undefined ? { memoryRequest: Size.mebibytes(r.memoryRequest) } : {}),
  ...(r.memoryLimit !== undefined ? { memoryLimit: Size.mebibytes(r.memoryLimit) } : {}),
  ...(r.hugepages2Mi !== undefined ? { hugepages2Mi: Size.mebibytes(r.hugepages2Mi) } : {}),
});

const source = fc.oneof(
  fc.record({
    kind: fc.constant('wal' as const),
    cluster: mixed(pick('acid-source', 'acid-old'), 'Acid_Source'),
    timestamp: opt(mixed(pick('2025-03-01T12:00:00+00:00', '2024-12-31T23:59:59-05:00'), '2025-02-30T12:00:00+00:00', '2025-03-01T12:00:00Z')),
  }),
  fc.record({
    kind: fc.constant('basebackup' as const),
    cluster: mixed(pick('acid-source'), 'Acid_Source'),
    host: opt(mixed(pick('acid-source.other'), 'bad host')),
    port: opt(number(5432, 6432)),
  }),
);
type SourceInput = typeof source extends fc.Arbitrary<infer T> ? T : never;
const S3_SOURCE = () => BackupStorage.s3({ bucket: 'source-wal', region: 'eu-central-1', credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/wal') });
const buildClone = (c: SourceInput) => c.kind === 'wal'
  ? CloneSource.fromWalArchive({ cluster: c.cluster, storage: S3_SOURCE(), timestamp: c.timestamp })
  : CloneSource.fromCluster({ cluster: c.cluster, host: c.host, port: c.port });

const logShipping = fc.record({
  bucket: mixed(pick('acid-logs'), 'Logs'),
  tags: opt(fc.dictionary(mixed(pick('team', 'cost-center'), 'aws:owner', 'a b'), mixed(pick('acid', 'db'), 'a&b'), { minKeys: 1, maxKeys: 3 })),
  hourly: opt(fc.boolean()),
});

const monitoring = fc.record({
  diskUsagePercent: opt(number(80, 90)),
  connectionUsagePercent: opt(number(80, 95)),
  scrapeInterval: opt(seconds(15, 30, 60)),
  walArchiveMaxAge: opt(seconds(600, 3600)),
  labels: opt(dict(labelKey, labelValue)),
});
type MonitoringInput = typeof monitoring extends fc.Arbitrary<infer T> ? T : never;
const buildMonitoring = (m: MonitoringInput) => ({
  ...m,
  scrapeInterval: m.scrapeInterval === undefined ? undefined : Duration.millis(Math.abs(m.scrapeInterval * 1000) || 0),
  walArchiveMaxAge: m.walArchiveMaxAge === undefined ? undefined : Duration.millis(Math.abs(m.walArchiveMaxAge * 1000) || 0),
});

/** cdk8s refuses negative durations itself; NaN becomes 0, fractions stay (sub-second values are hostile input). */
const duration = (n: number | undefined) => (n === undefined ? undefined : Duration.millis(Math.abs(n * 1000) || 0));

/** cdk8s refuses negative sizes itself (in the caller's code); NaN becomes 0, Infinity stays. */
const gibibytes = (n: number) => Size.gibibytes(Math.abs(n) || 0);

/** One generated case: everything is built lazily, as a factory may refuse its input. */
export interface FuzzCase {
  readonly namespace: string | undefined;
  readonly props: () => Partial<PostgresClusterProps>;
  readonly fleet: () => FleetDefaultsProps | undefined;
}

/** The generated data of a case: plain values, so a counterexample prints in full. */
export const fuzzInput = fc.record({
  namespace: opt(mixed(pick('db', 'team-a'), 'Bad_NS')),
  name: opt(mixed(pick('acid-fuzz', 'acid-a'), 'a'.repeat(52), 'acid_x')),
  instances: opt(number(1, 2, 3)),
  version: opt(mixed(pick('16', '17', '18'), '12')),
  labels: opt(dict(labelKey, labelValue)),
  annotations: opt(dict(labelKey, mixed(pick('x', 'a long note')))),
  parameters: opt(dict(parameterName, parameterValue)),
  env: opt(list(fc.record({ name: envName, value: mixed(pick('UTC', 'x')) }), 3, e => e.name.toUpperCase())),
  volumes: opt(list(fc.record({ name: volumeName, mountPath, subPath: opt(mixed(pick('a'), '../a')), readOnly: opt(fc.boolean()) }), 2, v => v.name)),
  sidecars: opt(list(sidecar, 2, c => c.name)),
  tolerations: opt(fc.array(toleration, { maxLength: 2 })),
  roles: opt(dict(roleName, fc.array(flag, { maxLength: 2 })).chain(users => fc.record({
    users: fc.constant(users),
    // owners are mostly declared users; otherwise an undeclared name
    databases: opt(dict(databaseName, Object.keys(users).length ? mixed(pick(...Object.keys(users)), 'nobody') : roleName)),
  }))),
  backup,
  pooler: opt(fc.record({ instances: opt(number(1, 2, 3)), mode: opt(mixed(pick('session', 'transaction'), 'statement')), maxDBConnections: opt(number(10, 60)) })),
  volumeSize: opt(number(1, 10, 100)),
  storageClass: opt(mixed(pick('fast', 'standard-rwo'), 'fast_ssd')),
  patroni: rare(patroni),
  loadBalancer: rare(loadBalancer),
  resources: rare(resources),
  // a clone or a standby (both at once is refused, which the bad-input rows test)
  origin: rare(fc.oneof(
    fc.record({ clone: source }),
    fc.record({ standby: fc.record({ host: mixed(pick('acid-source.other'), 'bad host'), port: opt(number(5432)) }) }))),
  logShipping: rare(logShipping),
  exporter: rare(fc.boolean()),
  // monitoring mostly with the exporter it needs
  monitoring: rare(fc.record({
    options: monitoring,
    exporter: fc.oneof({ arbitrary: fc.constant(true), weight: 10 }, { arbitrary: fc.constant(false), weight: 1 }),
  })),
  serviceAnnotations: rare(dict(labelKey, mixed(pick('x')))),
  podAnnotations: rare(dict(labelKey, mixed(pick('x')))),
  priorityClassName: rare(mixed(pick('db-critical'), 'db_critical')),
  runAsUser: rare(number(101, 1000)),
  fsGroup: rare(number(103, 1000)),
  terminationGracePeriod: rare(seconds(30, 300)),
  podAntiAffinity: rare(fc.record({
    enabled: opt(fc.boolean()),
    preferred: opt(fc.boolean()),
    topologyKey: opt(mixed(pick('kubernetes.io/hostname', 'topology.kubernetes.io/zone'), 'bad key')),
  })),
  fleet: opt(fc.record({
    minInstances: opt(number(-1, 1, 2)),
    maxInstances: opt(number(-1, 3, 5)),
    labels: opt(dict(labelKey, labelValue)),
    replicationUsername: opt(roleName),
    volumeSize: opt(number(1, 5)),
    tolerations: opt(fc.array(toleration, { maxLength: 1 })),
    clusterLabels: rare(fc.constantFrom<Record<string, string>>({ application: 'spilo' }, { application: 'db', tier: 'x' }, { app: 'postgres' })),
    podRoleLabel: rare(mixed(pick('spilo-role'), 'role!')),
    nodeReadinessLabel: rare(dict(labelKey, labelValue)),
    dbHostedZone: rare(mixed(pick('db.example.com'))),
    enableShmVolume: rare(fc.boolean()),
    enableReadinessProbe: rare(fc.boolean()),
    additionalPodCapabilities: rare(fc.array(mixed(pick('SYS_NICE', 'IPC_LOCK'), 'sys admin', 'SYS_ADMIN'), { maxLength: 2 })),
    resourceThresholds: rare(fc.record({ minCpuLimit: opt(cpu), maxCpuRequest: opt(cpu), setMemoryRequestToLimit: opt(fc.boolean()) })),
    pooler: rare(fc.record({ user: opt(roleName), schema: opt(mixed(pick('pooler', 'bouncer'), 'public', 'my-pooler')) })),
  })),
});
export type FuzzInput = typeof fuzzInput extends fc.Arbitrary<infer T> ? T : never;

export function buildCase(c: FuzzInput): FuzzCase {
  const exporter = c.exporter || c.monitoring?.exporter;
  return {
    namespace: c.namespace,
    props: (): Partial<PostgresClusterProps> => ({
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.instances !== undefined ? { instances: c.instances } : {}),
      ...(c.version !== undefined ? { version: PostgresVersion.of(c.version) } : {}),
      ...(c.labels ? { labels: c.labels } : {}),
      ...(c.annotations ? { annotations: c.annotations } : {}),
      ...(c.parameters ? { parameters: c.parameters } : {}),
      ...(c.env ? { env: c.env } : {}),
      ...(c.volumes ? { additionalVolumes: c.volumes.map(({ name, ...v }) => ({ ...v, volume: { name, emptyDir: {} } })) } : {}),
      ...(c.tolerations ? { tolerations: c.tolerations } : {}),
      ...(c.roles ? { users: c.roles.users } : {}),
      ...(c.roles?.databases ? { databases: c.roles.databases } : {}),
      ...(c.backup === 'disabled' ? { backup: Backup.disabled() } : {}),
      ...(c.backup && c.backup !== 'disabled'
        ? { backup: walG(c.backup) } : {}),
      ...(c.pooler ? { connectionPooler: c.pooler as any } : {}),
      ...(c.volumeSize !== undefined || c.storageClass !== undefined
        ? { volume: { size: c.volumeSize === undefined ? undefined : gibibytes(c.volumeSize), storageClass: c.storageClass } } : {}),
      ...(c.patroni ? {
        patroni: {
          ...c.patroni,
          ttl: duration(c.patroni.ttl),
          loopWait: duration(c.patroni.loopWait),
          retryTimeout: duration(c.patroni.retryTimeout),
        },
      } : {}),
      ...(c.loadBalancer ? { loadBalancer: c.loadBalancer } : {}),
      ...(c.resources ? { resources: buildResources(c.resources) } : {}),
      ...(c.origin && 'clone' in c.origin ? { clone: buildClone(c.origin.clone) } : {}),
      ...(c.origin && 'standby' in c.origin ? { standby: StandbySource.fromPrimary(c.origin.standby) } : {}),
      ...(c.logShipping ? { logShipping: LogShipping.toS3({ ...c.logShipping, region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity() }) } : {}),
      ...(c.monitoring ? { monitoring: buildMonitoring(c.monitoring.options) } : {}),
      ...(exporter || c.sidecars
        ? { sidecars: [...(c.sidecars ?? []).map(buildSidecar), ...(exporter ? [PostgresSidecar.postgresExporter()] : [])] } : {}),
      ...(c.serviceAnnotations ? { serviceAnnotations: c.serviceAnnotations } : {}),
      ...(c.podAnnotations ? { podAnnotations: c.podAnnotations } : {}),
      ...(c.priorityClassName ? { priorityClassName: c.priorityClassName } : {}),
      ...(c.runAsUser !== undefined ? { runAsUser: c.runAsUser } : {}),
      ...(c.fsGroup !== undefined ? { fsGroup: c.fsGroup } : {}),
      ...(c.terminationGracePeriod !== undefined ? { terminationGracePeriod: duration(c.terminationGracePeriod) } : {}),
      ...(c.podAntiAffinity ? { podAntiAffinity: c.podAntiAffinity } : {}),
    }),
    fleet: (): FleetDefaultsProps | undefined => c.fleet && {
      ...{ ...c.fleet, pooler: undefined },
      connectionPooler: c.fleet.pooler,
      resourceThresholds: c.fleet.resourceThresholds && {
        setMemoryRequestToLimit: c.fleet.resourceThresholds.setMemoryRequestToLimit,
        ...(c.fleet.resourceThresholds.minCpuLimit !== undefined ? { minCpuLimit: Cpu.millis(c.fleet.resourceThresholds.minCpuLimit) } : {}),
        ...(c.fleet.resourceThresholds.maxCpuRequest !== undefined ? { maxCpuRequest: Cpu.millis(c.fleet.resourceThresholds.maxCpuRequest) } : {}),
      },
      volumeSize: c.fleet.volumeSize === undefined ? undefined : gibibytes(c.fleet.volumeSize),
    },
  };
}
