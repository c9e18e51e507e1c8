// The dynamic configuration Job <c>-dcs-<hash> and its input ConfigMap: what a running cluster's DCS configuration
// (Patroni's bootstrap.dcs, read only when a cluster is created) is made equal to. Its program is tested in
// test/dynamic-configuration (Python) and against real Patroni in the running-cluster tier; these tests cover the
// objects: RBAC, wave, env, input, and which change of git renames what.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BackupStorage, FleetDefaults, MajorVersionUpgradeMode, PostgresCluster, PostgresClusterProps, PostgresVersion, SpiloUpdateStrategy, StandbySource,
  StorageCredentials,
} from '../../src';
import { DYNAMIC_CONFIGURATION_SCRIPT, DYNAMIC_CONFIGURATION_SCRIPT_FILE } from '../../src/private/dynamic-configuration-script';
import { dynamicConfiguration, SPILO_DCS_DEFAULTS } from '../../src/spilo/dynamic-configuration';
import { LOCAL_PARAMETERS } from '../../src/spilo/postgres-parameters';
import { byKind, chart, envValue, isSharedScripts, named, spiloConfiguration, spiloConfigurationText, synth } from '../util';
import { build, Built, CLUSTER, L1, NAMESPACE } from './fixtures';

const ACCOUNT = `${CLUSTER}-dcs`;
const JOB_NAME = new RegExp(`^${CLUSTER}-dcs-[0-9a-f]{6}$`);
const WAVE = 'argocd.argoproj.io/sync-wave';
const LOCAL_CONFIGURATION = 'cdk8s-postgres/local-configuration';
const SUPERUSER_SECRET = `postgres.${CLUSTER}.credentials.postgresql.acid.zalan.do`;
const MAX_CONNECTIONS = ['postgresql', 'parameters', 'max_connections'];

/** The paths the Job owns for a cluster that is not a standby, in the order they are rendered. */
const MANAGED = [
  ['ttl'], ['loop_wait'], ['retry_timeout'], ['maximum_lag_on_failover'],
  ['synchronous_mode'], ['synchronous_mode_strict'], ['synchronous_node_count'], ['failsafe_mode'],
  ['slots'], ['postgresql', 'use_pg_rewind'], ['postgresql', 'use_slots'], ['postgresql', 'parameters'],
  ['standby_cluster'],
];

const dcsJobs = (objects: any[]) => byKind(objects, 'Job').filter(j => JOB_NAME.test(j.metadata.name));
const rolloutJobs = (objects: any[]) => byKind(objects, 'Job').filter(j => /-roll-[0-9a-f]{6}$/.test(j.metadata.name));

/** The one dynamic configuration Job of a built cluster, its pod, container, input ConfigMap and parsed input. */
function dcs(built: Built) {
  const jobs = dcsJobs(built.objects);
  expect(jobs).toHaveLength(1);
  const job = jobs[0];
  const pod = job.spec.template.spec;
  const input = named(built.objects, 'ConfigMap', job.metadata.name);
  return { job, pod, container: pod.containers[0], input, spec: JSON.parse(input.data['dynamic-configuration.json']) };
}

describe('the dynamic configuration Job', () => {
  test('its ServiceAccount, Role and RoleBinding <c>-dcs: get this StatefulSet, list pods, exec into and label the members by name', () => {
    // GIVEN / WHEN a default cluster
    const built = build();
    const { pod } = dcs(built);

    // THEN the Role has exactly these rules, bound to the Job's own ServiceAccount in the cluster's namespace
    expect(named(built.objects, 'Role', ACCOUNT).rules).toEqual([
      { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [CLUSTER], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods/exec'], resourceNames: [`${CLUSTER}-0`], verbs: ['create', 'get'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: [`${CLUSTER}-0`], verbs: ['patch'] },
    ]);
    const binding = named(built.objects, 'RoleBinding', ACCOUNT);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ACCOUNT });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: ACCOUNT, namespace: NAMESPACE }]);
    // no other binding grants the account anything
    const grants = [...byKind(built.objects, 'RoleBinding'), ...byKind(built.objects, 'ClusterRoleBinding')]
      .filter(b => (b.subjects ?? []).some((s: any) => s.name === ACCOUNT));
    expect(grants.map(b => `${b.kind}/${b.metadata.name}`)).toEqual([`RoleBinding/${ACCOUNT}`]);
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
      expect(named(built.objects, kind, ACCOUNT).metadata).toEqual({ name: ACCOUNT, namespace: NAMESPACE, labels: L1 });
    }
    // the pod runs as that account, and gets its token (the program reads the StatefulSet and the pods)
    expect(pod.serviceAccountName).toBe(ACCOUNT);
    expect(pod.automountServiceAccountToken).not.toBe(false);
    expect(named(built.objects, 'ServiceAccount', ACCOUNT).automountServiceAccountToken).not.toBe(false);
  });

  test.each<[string, Partial<PostgresClusterProps>, string[]]>([
    ['three members: exec into and label each by name', { instances: 3 }, [`${CLUSTER}-0`, `${CLUSTER}-1`, `${CLUSTER}-2`]],
    ['in-place upgrades off: no exec, no label', { instances: 3, majorVersionUpgrade: { mode: MajorVersionUpgradeMode.OFF } }, []],
    ['the fleet turns upgrades off', { fleet: new FleetDefaults({ majorVersionUpgradeMode: MajorVersionUpgradeMode.OFF }) }, []],
    ['the cluster turns them back on', {
      fleet: new FleetDefaults({ majorVersionUpgradeMode: MajorVersionUpgradeMode.OFF }),
      majorVersionUpgrade: { mode: MajorVersionUpgradeMode.MANUAL },
    }, [`${CLUSTER}-0`]],
  ])('majorVersionUpgrade, %s', (_, props, members) => {
    // GIVEN / WHEN
    const built = build(props);
    const { container } = dcs(built);

    // THEN exec and patch only on the members, only when upgrades are on; the program knows the mode
    const rules = named(built.objects, 'Role', ACCOUNT).rules;
    const exec = rules.filter((r: any) => r.resources.includes('pods/exec'));
    const patch = rules.filter((r: any) => r.verbs.includes('patch'));
    expect(exec.map((r: any) => r.resourceNames)).toEqual(members.length ? [members] : []);
    expect(patch.map((r: any) => [r.resources, r.resourceNames])).toEqual(members.length ? [[['pods'], members]] : []);
    expect(envValue(container, 'MAJOR_VERSION_UPGRADE')).toBe(members.length ? 'manual' : 'off');
    // the members are the StatefulSet's pods
    expect(members.every(m => m.startsWith(`${built.statefulSet.metadata.name}-`))).toBe(true);
  });

  test('majorVersionUpgrade.fromVersion: an upgrade it allows and the same version render as without it', () => {
    // GIVEN / WHEN 17 -> 18 declared, and 18 with the data directory already at 18
    const upgrade = build({ version: PostgresVersion.V18, majorVersionUpgrade: { fromVersion: PostgresVersion.V17 } });
    const plain = build({ version: PostgresVersion.V18 });
    const same = build({ version: PostgresVersion.V18, majorVersionUpgrade: { fromVersion: PostgresVersion.V18 } });

    // THEN fromVersion is a synth-time check only: nothing rendered differs
    expect(upgrade.objects).toEqual(plain.objects);
    expect(same.objects).toEqual(plain.objects);
  });

  test('the Job and its input ConfigMap share the name <c>-dcs-<6 hex>, in Argo CD wave 2, after the rollout Job (1)', () => {
    // GIVEN / WHEN a cluster with a rollout Job and annotations of its own
    const built = build({ instances: 3, annotations: { 'example.com/owner': 'orders' } });
    const { job, pod, input } = dcs(built);

    // THEN
    expect(job.metadata.name).toMatch(JOB_NAME);
    expect(input.metadata.name).toBe(job.metadata.name);
    for (const o of [job, input]) {
      expect(o.metadata.namespace).toBe(NAMESPACE);
      expect(o.metadata.labels).toEqual(L1);
      expect(o.metadata.annotations).toEqual({ 'example.com/owner': 'orders', [WAVE]: '2' });
    }
    const [rollout] = rolloutJobs(built.objects);
    expect(Number(rollout.metadata.annotations[WAVE])).toBeLessThan(Number(job.metadata.annotations[WAVE]));
    expect(built.statefulSet.metadata.annotations?.[WAVE]).toBeUndefined();
    // the Job mounts the ConfigMap of its own name
    expect(pod.volumes).toContainEqual({ name: 'input', configMap: { name: job.metadata.name } });
  });

  test('env: the cluster, its selector, the input file, the version and the superuser with the password from its Secret', () => {
    // GIVEN / WHEN three members
    const built = build({ instances: 3 });
    const { container, pod, input } = dcs(built);

    // THEN
    expect(container.env).toEqual([
      { name: 'CLUSTER', value: CLUSTER },
      { name: 'SELECTOR', value: `application=spilo,cluster-name=${CLUSTER}` },
      { name: 'WAIT_FOR_REVISION', value: 'true' },
      { name: 'DESIRED_CONFIGURATION', value: '/etc/cdk8s-postgres/dynamic-configuration/dynamic-configuration.json' },
      { name: 'PGVERSION', value: '18' },
      { name: 'MAJOR_VERSION_UPGRADE', value: 'manual' },
      { name: 'PGUSER', value: 'postgres' },
      { name: 'PGSSLMODE', value: 'require' },
      { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: SUPERUSER_SECRET, key: 'password' } } },
      // For PATCH /config, POST /restart and /switchover (patroni-api.test.ts).
      { name: 'PATRONI_RESTAPI_USERNAME', valueFrom: { secretKeyRef: { name: `${CLUSTER}-patroni-api`, key: 'username' } } },
      { name: 'PATRONI_RESTAPI_PASSWORD', valueFrom: { secretKeyRef: { name: `${CLUSTER}-patroni-api`, key: 'password' } } },
    ]);
    // SELECTOR is the StatefulSet's selector; the password is the one the members get as the superuser's
    const selector = Object.entries(built.statefulSet.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
    expect(envValue(container, 'SELECTOR')).toBe(selector);
    expect(container.env.find((e: any) => e.name === 'PGPASSWORD').valueFrom)
      .toEqual(built.container.env.find((e: any) => e.name === 'PGPASSWORD_SUPERUSER').valueFrom);
    // DESIRED_CONFIGURATION is a file of the mounted input ConfigMap
    const mount = container.volumeMounts.find((m: any) => m.name === 'input');
    expect(mount).toEqual({ name: 'input', mountPath: '/etc/cdk8s-postgres/dynamic-configuration', readOnly: true });
    expect(pod.volumes.find((v: any) => v.name === 'input').configMap.name).toBe(input.metadata.name);
    const file = envValue(container, 'DESIRED_CONFIGURATION')!;
    expect(file.startsWith(`${mount.mountPath}/`)).toBe(true);
    expect(Object.keys(input.data)).toEqual([file.slice(mount.mountPath.length + 1)]);
  });

  test.each<[string, Partial<PostgresClusterProps>, string, string]>([
    ['more than one member (SwitchoverOnce and the rollout Job)', { instances: 3 }, 'OnDelete', 'true'],
    ['explicit SwitchoverOnce', { instances: 2, updateStrategy: SpiloUpdateStrategy.SWITCHOVER_ONCE }, 'OnDelete', 'true'],
    ['one member (RollingUpdate: the StatefulSet controller replaces it)', { instances: 1 }, 'RollingUpdate', 'true'],
    ['explicit RollingUpdate', { instances: 3, updateStrategy: SpiloUpdateStrategy.ROLLING_UPDATE }, 'RollingUpdate', 'true'],
    ['explicit OnDelete: old members stay until someone deletes them', { instances: 3, updateStrategy: SpiloUpdateStrategy.ON_DELETE }, 'OnDelete', 'false'],
    ['one member with explicit OnDelete', { instances: 1, updateStrategy: SpiloUpdateStrategy.ON_DELETE }, 'OnDelete', 'false'],
  ])('WAIT_FOR_REVISION: %s', (_case, props, strategy, wait) => {
    // GIVEN / WHEN
    const built = build(props);

    // THEN it waits for the members on the StatefulSet's update revision unless nothing replaces them
    expect(built.statefulSet.spec.updateStrategy.type).toBe(strategy);
    expect(envValue(dcs(built).container, 'WAIT_FOR_REVISION')).toBe(wait);
  });

  test('runs the shared script with python3 -I, from the shared scripts ConfigMap mounted read-only', () => {
    // GIVEN / WHEN
    const built = build();
    const { container, pod } = dcs(built);

    // THEN
    expect(DYNAMIC_CONFIGURATION_SCRIPT_FILE).toBe('dynamic-configuration.py');
    expect(container.command).toEqual(['python3', '-I', '/etc/cdk8s-postgres/shared/dynamic-configuration.py']);
    expect(container.args).toBeUndefined();
    const shared = built.objects.find(isSharedScripts);
    expect(shared.data[DYNAMIC_CONFIGURATION_SCRIPT_FILE]).toBe(DYNAMIC_CONFIGURATION_SCRIPT);
    expect(pod.volumes).toContainEqual({ name: 'scripts', configMap: { name: shared.metadata.name } });
    expect(container.volumeMounts).toContainEqual({ name: 'scripts', mountPath: '/etc/cdk8s-postgres/shared', readOnly: true });
    expect(container.image).toBe(built.container.image);
  });

  test('restricted pod security even when the cluster uses the operator profile; bounded retries, time and memory', () => {
    // GIVEN / WHEN a default cluster (the operator profile: its members are not restricted)
    const built = build();
    const { job, pod, container } = dcs(built);

    // THEN
    expect(built.podSpec.securityContext).toBeUndefined();
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(container.resources.limits.memory).toBeDefined();
    // the rule that fails the Job at once names its container (a podFailurePolicy needs restartPolicy Never)
    for (const rule of job.spec.podFailurePolicy?.rules ?? []) {
      if (rule.onExitCodes) expect(rule.onExitCodes.containerName).toBe(container.name);
    }
    // its pods are not members: the cluster's selector does not match them
    const labels = job.spec.template.metadata.labels;
    expect(Object.entries(built.statefulSet.spec.selector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(false);
  });

  test('no members (instances 0): no dynamic configuration objects, the SPILO_CONFIGURATION ConfigMap stays', () => {
    // GIVEN / WHEN
    const built = build({ instances: 0 });

    // THEN
    expect(dcsJobs(built.objects)).toEqual([]);
    expect(built.objects.filter(o => o.metadata.name === ACCOUNT || JOB_NAME.test(o.metadata.name))).toEqual([]);
    expect(spiloConfiguration(built.objects, built.statefulSet).bootstrap.dcs).toEqual({ failsafe_mode: false });
  });
});

describe('its input', () => {
  test('a default cluster: Spilo\'s bootstrap.dcs defaults with the library\'s failsafe_mode, the managed paths, max_connections kept', () => {
    // GIVEN / WHEN
    const { spec } = dcs(build());

    // THEN
    expect(Object.keys(spec)).toEqual(['desired', 'managed', 'keep']);
    expect(spec.desired).toEqual({ ...SPILO_DCS_DEFAULTS, failsafe_mode: false });
    // a few of Spilo's values, spelled out
    expect(spec.desired).toMatchObject({
      ttl: 30,
      loop_wait: 10,
      retry_timeout: 10,
      maximum_lag_on_failover: 33554432,
      postgresql: {
        use_pg_rewind: true,
        use_slots: true,
        parameters: { archive_mode: 'on', wal_level: 'hot_standby', hot_standby: 'on', log_statement: 'ddl', max_wal_senders: 10 },
      },
    });
    expect(spec.managed).toEqual(MANAGED);
    expect(spec.keep).toEqual([MAX_CONNECTIONS]);
    expect(spec.desired.postgresql.parameters.max_connections).toBeUndefined();
  });

  test('a parameter from git overrides Spilo\'s default and adds to the others; local parameters are not in it', () => {
    // GIVEN
    const { spec } = dcs(build({ parameters: { log_statement: 'all', work_mem: '8MB', shared_buffers: '1GB', log_rotation_age: '1d' } }));

    // THEN
    const parameters = spec.desired.postgresql.parameters;
    expect(parameters.log_statement).toBe('all');
    expect(parameters.work_mem).toBe('8MB');
    expect(parameters.archive_mode).toBe('on');
    expect(parameters.shared_buffers).toBeUndefined();
    expect(parameters.log_rotation_age).toBeUndefined();
    expect(Object.keys(parameters).sort()).toEqual([...Object.keys((SPILO_DCS_DEFAULTS.postgresql as any).parameters), 'work_mem'].sort());
  });

  test('ttl, loop_wait, slots, synchronous mode, lag and failsafe come from the patroni prop, as in bootstrap.dcs', () => {
    // GIVEN every DCS setting of the patroni prop
    const built = build({
      instances: 3,
      patroni: {
        ttl: Duration.seconds(45),
        loopWait: Duration.seconds(5),
        retryTimeout: Duration.seconds(12),
        maximumLagOnFailover: Size.mebibytes(64),
        synchronousMode: true,
        synchronousModeStrict: true,
        synchronousNodeCount: 1,
        slots: { cdc: { type: 'logical', plugin: 'pgoutput', database: 'orders' } },
        failsafeMode: true,
      },
    });
    const { spec } = dcs(built);

    // THEN
    expect(spec.desired).toMatchObject({
      ttl: 45,
      loop_wait: 5,
      retry_timeout: 12,
      maximum_lag_on_failover: 67108864,
      synchronous_mode: true,
      synchronous_mode_strict: true,
      synchronous_node_count: 1,
      slots: { cdc: { database: 'orders', plugin: 'pgoutput', type: 'logical' } },
      failsafe_mode: true,
    });
    // and every key of the members' bootstrap.dcs but the merged postgresql section is in it unchanged
    const { postgresql: _, ...bootstrap } = spiloConfiguration(built.objects, built.statefulSet).bootstrap.dcs;
    expect(spec.desired).toMatchObject(bootstrap);
  });

  test.each<[string, Partial<PostgresClusterProps>]>([
    ['the default memory limit (500Mi)', {}],
    ['4Gi', { resources: { memoryLimit: Size.gibibytes(4) } }],
    ['48Gi', { resources: { memoryLimit: Size.gibibytes(48) } }],
    ['a zero limit (the operator default applies)', { resources: { memoryLimit: Size.mebibytes(0) } }],
  ])('max_connections unset in git, with %s: kept as the cluster has it, not computed', (_case, props) => {
    // GIVEN / WHEN
    const { spec } = dcs(build(props));

    // THEN
    expect(spec.desired.postgresql.parameters.max_connections).toBeUndefined();
    expect(spec.keep).toEqual([MAX_CONNECTIONS]);
    expect(spec.managed).toContainEqual(['postgresql', 'parameters']);
  });

  test('max_connections from git wins: desired, not kept', () => {
    // GIVEN / WHEN
    const { spec } = dcs(build({ parameters: { max_connections: '400' }, resources: { memoryLimit: Size.gibibytes(48) } }));

    // THEN
    expect(spec.desired.postgresql.parameters.max_connections).toBe('400');
    expect(spec.keep).toEqual([]);
  });

  test('a memory change alone does not run the Job (Spilo reads memory at creation only)', () => {
    // GIVEN / WHEN the same cluster with other resources
    const a = build({ instances: 2 });
    const b = build({ instances: 2, resources: { memoryLimit: Size.gibibytes(8), memoryRequest: Size.gibibytes(8), cpuLimit: Cpu.units(4) } });

    // THEN the members roll (the pod template changed), the Job keeps its name
    expect(b.statefulSet.spec.template).not.toEqual(a.statefulSet.spec.template);
    expect(dcs(b).job.metadata.name).toBe(dcs(a).job.metadata.name);
  });

  test('a standby: the Job owns where it streams from (host, port, slot) and keeps Spilo\'s archive settings; any other cluster has standby_cluster removed', () => {
    // GIVEN / WHEN
    const streaming = dcs(build({ standby: StandbySource.fromPrimary({ host: 'acid-source.other.svc', primarySlotName: 'dr' }) })).spec;
    const archiveOnly = dcs(build({
      standby: StandbySource.fromWalArchive({ cluster: 'acid-source', storage: BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.awsAccessKeys({ secretName: 's3-keys' }) }) }),
    })).spec;
    const primary = dcs(build()).spec;

    // THEN
    const streamingPaths = [['standby_cluster', 'host'], ['standby_cluster', 'port'], ['standby_cluster', 'primary_slot_name']];
    for (const s of [streaming, archiveOnly]) {
      expect(s.managed).not.toContainEqual(['standby_cluster']);
      expect(s.managed).toEqual([...MANAGED.filter(p => p.join() !== 'standby_cluster'), ...streamingPaths]);
    }
    // As Spilo renders them from STANDBY_HOST/PORT/PRIMARY_SLOT_NAME (port a string, 5432 by default).
    expect(streaming.desired.standby_cluster).toEqual({ host: 'acid-source.other.svc', port: '5432', primary_slot_name: 'dr' });
    expect(archiveOnly.desired.standby_cluster).toBeUndefined();
    expect(primary.managed).toContainEqual(['standby_cluster']);
    expect(primary.desired.standby_cluster).toBeUndefined();
  });

  test('dynamicConfiguration does not change Spilo\'s defaults: one cluster\'s settings never reach the next', () => {
    // GIVEN a call with settings over every kind of default
    const first = dynamicConfiguration({ dcs: { ttl: 60, postgresql: { use_slots: false, parameters: { log_statement: 'all', work_mem: '1MB' } } } });

    // WHEN another one follows without them
    const second = dynamicConfiguration({ dcs: {} });

    // THEN
    expect(first.desired).toMatchObject({ ttl: 60, postgresql: { use_slots: false, parameters: { log_statement: 'all', work_mem: '1MB' } } });
    expect(second.desired).toEqual(SPILO_DCS_DEFAULTS);
    expect((SPILO_DCS_DEFAULTS.postgresql as any).parameters.work_mem).toBeUndefined();
  });
});

describe('what a change in git renames', () => {
  /** A cluster with a rollout Job, a slot, pg_hba and parameters of both kinds, with `change` over its props. */
  const BASE: Partial<PostgresClusterProps> = {
    instances: 2,
    parameters: { work_mem: '8MB', log_rotation_age: '1d' },
    patroni: { ttl: Duration.seconds(30), slots: { keep_me: { type: 'physical' } }, pgHba: ['hostssl all all all scram-sha-256'] },
  };
  const render = (change: Partial<PostgresClusterProps> = {}) => {
    const built = build({ ...BASE, ...change });
    const rollouts = rolloutJobs(built.objects);
    expect(rollouts).toHaveLength(1);
    const { job, input } = dcs(built);
    return {
      built,
      dcsJob: job.metadata.name,
      dcsInput: input.data['dynamic-configuration.json'],
      spiloConfiguration: spiloConfigurationText(built.objects, built.statefulSet),
      template: JSON.stringify(built.statefulSet.spec.template),
      digest: built.statefulSet.spec.template.metadata.annotations[LOCAL_CONFIGURATION],
      rollout: rollouts[0].metadata.name,
    };
  };

  test('an unchanged app: the same names and objects twice', () => {
    // GIVEN / WHEN
    const [a, b] = [render(), render()];

    // THEN
    expect(b.dcsJob).toBe(a.dcsJob);
    expect(b.rollout).toBe(a.rollout);
    expect(b.built.objects).toEqual(a.built.objects);
  });

  test.each<[string, Partial<PostgresClusterProps>]>([
    ['a DCS parameter', { parameters: { work_mem: '16MB', log_rotation_age: '1d' } }],
    ['a new DCS parameter', { parameters: { work_mem: '8MB', log_rotation_age: '1d', max_connections: '300' } }],
    ['patroni.ttl', { patroni: { ...BASE.patroni, ttl: Duration.seconds(40) } }],
    ['patroni.slots', { patroni: { ...BASE.patroni, slots: { keep_me: { type: 'physical' }, new_one: { type: 'physical' } } } }],
    ['patroni.synchronousMode', { patroni: { ...BASE.patroni, synchronousMode: true } }],
  ])('only %s: a new dcs Job and SPILO_CONFIGURATION, the same pod template and rollout Job', (_case, change) => {
    // GIVEN / WHEN
    const [before, after] = [render(), render(change)];

    // THEN the Job runs again with the new input, new members would bootstrap with it, running ones are not rolled
    expect(after.dcsJob).not.toBe(before.dcsJob);
    expect(after.dcsInput).not.toBe(before.dcsInput);
    expect(after.spiloConfiguration).not.toBe(before.spiloConfiguration);
    expect(after.template).toBe(before.template);
    expect(after.rollout).toBe(before.rollout);
    expect(named(after.built.objects, 'StatefulSet', CLUSTER)).toEqual(named(before.built.objects, 'StatefulSet', CLUSTER));
  });

  test.each<[string, Partial<PostgresClusterProps>]>([
    ['a local parameter (log_rotation_age)', { parameters: { work_mem: '8MB', log_rotation_age: '2d' } }],
    ['a new local parameter (shared_buffers)', { parameters: { work_mem: '8MB', log_rotation_age: '1d', shared_buffers: '1GB' } }],
    ['patroni.pgHba', { patroni: { ...BASE.patroni, pgHba: ['hostssl all all 10.0.0.0/8 scram-sha-256'] } }],
  ])('%s: a new pod template (its digest annotation) and rollout Job; the dcs Job is not run again', (_case, change) => {
    // GIVEN / WHEN
    const [before, after] = [render(), render(change)];

    // THEN the members roll and read the new configuration; the DCS configuration is unchanged
    expect(after.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(after.digest).not.toBe(before.digest);
    expect(after.template).not.toBe(before.template);
    expect(after.rollout).not.toBe(before.rollout);
    expect(after.spiloConfiguration).not.toBe(before.spiloConfiguration);
    expect(after.dcsInput).toBe(before.dcsInput);
    expect(after.dcsJob).toBe(before.dcsJob);
    // the annotation is the only difference in the pod template (SPILO_CONFIGURATION comes from the same ConfigMap)
    const strip = (t: string) => JSON.parse(t, (k, v) => (k === LOCAL_CONFIGURATION ? undefined : v));
    expect(strip(after.template)).toEqual(strip(before.template));
  });

  test('every one of the 20 local parameters rolls the members and leaves the dcs Job alone', () => {
    // GIVEN / WHEN each local parameter with two values
    expect(LOCAL_PARAMETERS.size).toBe(20);
    for (const name of LOCAL_PARAMETERS) {
      const [a, b] = ['on', 'off'].map(value => render({ parameters: { ...BASE.parameters, [name]: value } }));

      // THEN (ssl off also lets the Jobs connect without TLS: their sslmode, and so the dcs Job's name, changes)
      expect({ name, digestChanged: b.digest !== a.digest, dcsJobChanged: b.dcsJob !== a.dcsJob })
        .toEqual({ name, digestChanged: true, dcsJobChanged: name === 'ssl' });
    }
  });

  test('ssl off: the Jobs that connect to PostgreSQL use sslmode prefer, otherwise require', () => {
    for (const [ssl, mode] of [[undefined, 'require'], ['on', 'require'], ['off', 'prefer'], ['OFF', 'prefer'], ['false', 'prefer'],
      ['of', 'prefer'], ['f', 'prefer'], ['n', 'prefer'], ['0', 'prefer'], ['o', 'require'], ['yes', 'require']] as const) {
      const c = chart();
      new PostgresCluster(c, 'db', { teamId: 'acid', instances: 2, parameters: ssl ? { ssl } : {}, users: { app: [] }, databases: { app: 'app' } });
      const jobs = byKind(synth(c), 'Job').filter(j => /-(dcs|sync)-[0-9a-f]{6}$/.test(j.metadata.name));
      expect(jobs).toHaveLength(2);
      for (const j of jobs) {
        expect({ job: j.metadata.name.replace(/-[0-9a-f]{6}$/, ''), mode: j.spec.template.spec.containers[0].env.find((e: any) => e.name === 'PGSSLMODE').value })
          .toEqual({ job: j.metadata.name.replace(/-[0-9a-f]{6}$/, ''), mode });
      }
    }
  });

  test('patroni.initdb (read only when the cluster is created): a new SPILO_CONFIGURATION, nothing else renamed or rolled', () => {
    // GIVEN / WHEN
    const [before, after] = [render(), render({ patroni: { ...BASE.patroni, initdb: { 'data-checksums': 'true' } } })];

    // THEN
    expect(after.spiloConfiguration).not.toBe(before.spiloConfiguration);
    expect(after.template).toBe(before.template);
    expect(after.rollout).toBe(before.rollout);
    expect(after.dcsJob).toBe(before.dcsJob);
  });

  test('a version change renames the dcs Job (PGVERSION is in its spec) with the same input', () => {
    // GIVEN / WHEN
    const [v17, v18] = [render({ version: PostgresVersion.V17 }), render({ version: PostgresVersion.V18 })];

    // THEN
    expect(v17.dcsJob).not.toBe(v18.dcsJob);
    expect(v17.dcsInput).toBe(v18.dcsInput);
    expect(envValue(dcs(v17.built).container, 'PGVERSION')).toBe('17');
    expect(envValue(dcs(v18.built).container, 'PGVERSION')).toBe('18');
  });
});
