import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { FleetDefaults, PostgresCluster, PostgresSidecar } from '../../src';
import { API_MOUNT, API_VOLUME, build, chartIn, CLUSTER, HOOKS_MOUNT, HOOKS_VOLUME } from '../cluster/fixtures';
import { clusterObjects, envList, isClusterConfiguration, named, synth } from '../util';

const sidecar = (name: string, extra: Partial<ConstructorParameters<typeof PostgresSidecar>[0]> = {}) =>
  new PostgresSidecar({ name, image: `registry.example.com/${name}:1.0`, ...extra });
const containerNames = (podSpec: any) => podSpec.containers.map((c: any) => c.name);
const container = (podSpec: any, name: string) => podSpec.containers.find((c: any) => c.name === name);
const SECRET = `postgres.${CLUSTER}.credentials.postgresql.acid.zalan.do`;

describe('what every sidecar gets from the cluster (the operator\'s patchSidecarContainers)', () => {
  test('POD_NAME and POD_NAMESPACE come first, then its own env; no superuser unless asked (deviation)', () => {
    // GIVEN a sidecar with its own env
    const { podSpec } = build({ sidecars: [sidecar('shipper', { env: [{ name: 'LEVEL', value: 'info' }] })] });
    // THEN the injected variables precede it, and the superuser's credentials are not among them
    expect(envList(container(podSpec, 'shipper'))).toEqual([
      ['POD_NAME', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }],
      ['POD_NAMESPACE', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
      ['LEVEL', 'info'],
    ]);
  });

  test('superuserAccess adds POSTGRES_USER and POSTGRES_PASSWORD in the operator\'s order', () => {
    // GIVEN a sidecar that asks for the superuser
    const { podSpec } = build({ sidecars: [sidecar('shipper', { superuserAccess: true, env: [{ name: 'LEVEL', value: 'info' }] })] });
    // THEN
    expect(envList(container(podSpec, 'shipper'))).toEqual([
      ['POD_NAME', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }],
      ['POD_NAMESPACE', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
      ['POSTGRES_USER', 'postgres'],
      ['POSTGRES_PASSWORD', { secretKeyRef: { name: SECRET, key: 'password' } }],
      ['LEVEL', 'info'],
    ]);
  });

  test('no sidecar mounts the Kubernetes API token: the pod does not automount it, only postgres mounts it', () => {
    // GIVEN a sidecar and an init container
    const { podSpec } = build({ sidecars: [sidecar('shipper')], initContainers: [{ name: 'prep', image: 'busybox:1.36' }] });
    // THEN
    expect(podSpec.automountServiceAccountToken).toBe(false);
    const withToken = [...podSpec.initContainers, ...podSpec.containers]
      .filter((c: any) => (c.volumeMounts ?? []).some((m: any) => m.mountPath.startsWith('/var/run/secrets/kubernetes.io')));
    expect(withToken.map((c: any) => c.name)).toEqual(['postgres']);
  });

  test('pgdata with the same sub-path as postgres, IfNotPresent, and no socket volume unless asked', () => {
    const { podSpec } = build({ volume: { size: Size.gibibytes(5), subPath: 'data' }, sidecars: [sidecar('shipper')] });
    const s = container(podSpec, 'shipper');
    expect(s.imagePullPolicy).toBe('IfNotPresent');
    // Deviation: read-only unless the sidecar asks (the operator mounts it writable)
    expect(s.volumeMounts).toEqual([{ name: 'pgdata', mountPath: '/home/postgres/pgdata', subPath: 'data', readOnly: true }]);
    expect(podSpec.volumes.map((v: any) => v.name)).toEqual(['dshm', 'kube-api-access', 'postgres-hooks']);
    const writable = build({ sidecars: [sidecar('shipper', { pgdataWritable: true })] }).podSpec;
    expect(container(writable, 'shipper').volumeMounts).toEqual([{ name: 'pgdata', mountPath: '/home/postgres/pgdata' }]);
  });

  test('resources default to the postgres defaults (operator: 100m/100Mi, 1/500Mi), filled per field', () => {
    const { podSpec } = build({ sidecars: [sidecar('a'), sidecar('b', { resources: { memoryLimit: Size.mebibytes(64) } })] });
    expect(container(podSpec, 'a').resources).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '500Mi' } });
    // a limit below the default request is raised to the request, as matchLimitsWithRequestsIfSmaller does
    expect(container(podSpec, 'b').resources).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '100Mi' } });
  });

  test('fleet resources and setMemoryRequestToLimit apply; minimum limits and maximum requests do not', () => {
    const { podSpec } = build({ sidecars: [sidecar('a', { resources: { cpuRequest: Cpu.millis(10) } })] }, {
      resources: { memoryRequest: Size.mebibytes(32), memoryLimit: Size.mebibytes(64), cpuLimit: Cpu.millis(200) },
      resourceThresholds: { setMemoryRequestToLimit: true, minCpuLimit: Cpu.units(2), maxMemoryRequest: Size.mebibytes(16) },
    });
    expect(container(podSpec, 'a').resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } });
  });

  test('shareSocket mounts postgresql-run (emptyDir, Memory) at /var/run/postgresql in postgres and the sharing sidecar only (deviation)', () => {
    // GIVEN a sharing sidecar, a non-sharing one and an additional volume for all containers
    const { podSpec } = build({
      sidecars: [sidecar('a', { shareSocket: true, superuserAccess: true }), sidecar('b', { volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }] })],
      additionalVolumes: [{ volume: { name: 'extra', emptyDir: {} }, mountPath: '/extra', targetContainers: ['all'] }],
    });
    // THEN volumes: dshm, postgresql-run, additional; mounts: pgdata, dshm, run, additional
    expect(podSpec.volumes).toEqual([
      { name: 'dshm', emptyDir: { medium: 'Memory' } },
      { name: 'postgresql-run', emptyDir: { medium: 'Memory' } },
      { name: 'extra', emptyDir: {} },
      API_VOLUME,
      HOOKS_VOLUME,
    ]);
    const mounts = (name: string) => container(podSpec, name).volumeMounts.map((m: any) => `${m.name}:${m.mountPath}`);
    expect(mounts('postgres')).toEqual([
      'pgdata:/home/postgres/pgdata', 'dshm:/dev/shm', 'postgresql-run:/var/run/postgresql', 'extra:/extra', `kube-api-access:${API_MOUNT.mountPath}`, `postgres-hooks:${HOOKS_MOUNT.mountPath}`,
    ]);
    expect(mounts('a')).toEqual(['pgdata:/home/postgres/pgdata', 'postgresql-run:/var/run/postgresql', 'extra:/extra']);
    // the operator mounts the trusted socket in every container; b did not ask for it
    expect(mounts('b')).toEqual(['dshm:/dev/shm', 'pgdata:/home/postgres/pgdata', 'extra:/extra']);
  });

  test('an additional volume may target a sidecar by name', () => {
    const { podSpec } = build({
      sidecars: [sidecar('shipper')],
      additionalVolumes: [{ volume: { name: 'spool', emptyDir: {} }, mountPath: '/spool', targetContainers: ['shipper'] }],
    });
    expect(container(podSpec, 'shipper').volumeMounts.map((m: any) => m.name)).toEqual(['pgdata', 'spool']);
    expect(container(podSpec, 'postgres').volumeMounts.map((m: any) => m.name)).toEqual(['pgdata', 'dshm', 'kube-api-access', 'postgres-hooks']);
  });

  test('config files become a ConfigMap <c>-sidecar-<name> mounted read-only', () => {
    const { objects, podSpec } = build({ sidecars: [sidecar('agent', { configFiles: { 'agent.conf': 'x = 1\n' } })] });
    expect(named(objects, 'ConfigMap', `${CLUSTER}-sidecar-agent`).data).toEqual({ 'agent.conf': 'x = 1\n' });
    expect(podSpec.volumes).toContainEqual({ name: 'agent-config', configMap: { name: `${CLUSTER}-sidecar-agent` } });
    expect(container(podSpec, 'agent').volumeMounts[0]).toEqual({ name: 'agent-config', mountPath: '/etc/agent', readOnly: true });
  });
});

describe('merge order and de-duplication (cluster first, then fleet; earlier wins)', () => {
  test('props sidecars, addSidecar, then fleet sidecars not shadowed by name', () => {
    // GIVEN fleet sidecars b and d, cluster sidecars a and b, and c added after construction
    const c = chartIn('db');
    const fleet = new FleetDefaults({ sidecars: [sidecar('b', { image: 'fleet/b:1', configFiles: { f: '1' } }), sidecar('d')] });
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', fleet, sidecars: [sidecar('a'), sidecar('b')] });
    cluster.addSidecar(sidecar('c'));
    // WHEN synthesized
    const objects = synth(c);
    const podSpec = named(objects, 'StatefulSet', CLUSTER).spec.template.spec;
    // THEN the cluster's b wins and its fleet twin leaves no ConfigMap behind (only the two every cluster has)
    expect(containerNames(podSpec)).toEqual(['postgres', 'a', 'b', 'c', 'd']);
    expect(container(podSpec, 'b').image).toBe('registry.example.com/b:1.0');
    expect(clusterObjects(objects).filter(o => o.kind === 'ConfigMap' && !isClusterConfiguration(o))).toEqual([]);
    expect(cluster.sidecars.map(s => s.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('addSidecar after construction replaces a fleet sidecar of the same name, its ConfigMap too', () => {
    const c = chartIn('db');
    const fleet = new FleetDefaults({ sidecars: [sidecar('x', { configFiles: { f: 'fleet' } }), sidecar('y')] });
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', fleet });
    cluster.addSidecar(sidecar('x', { image: 'own/x:2', configFiles: { f: 'own' } }));
    const objects = synth(c);
    const podSpec = named(objects, 'StatefulSet', CLUSTER).spec.template.spec;
    expect(containerNames(podSpec)).toEqual(['postgres', 'x', 'y']);
    expect(container(podSpec, 'x').image).toBe('own/x:2');
    expect(named(objects, 'ConfigMap', `${CLUSTER}-sidecar-x`).data).toEqual({ f: 'own' });
  });

  test('init containers: props, addInitContainer, then the fleet\'s, rendered verbatim, earlier wins', () => {
    const c = chartIn('db');
    const fleet = new FleetDefaults({ initContainers: [{ name: 'prep', image: 'fleet/prep:1' }, { name: 'tune', image: 'fleet/tune:1' }] });
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', fleet, initContainers: [{ name: 'prep', image: 'own/prep:1', args: ['x'] }] });
    cluster.addInitContainer({ name: 'later', image: 'own/later:1' });
    const podSpec = named(synth(c), 'StatefulSet', CLUSTER).spec.template.spec;
    expect(podSpec.initContainers).toEqual([
      { name: 'prep', image: 'own/prep:1', args: ['x'] },
      { name: 'later', image: 'own/later:1' },
      { name: 'tune', image: 'fleet/tune:1' },
    ]);
  });

  test('a sidecar added after construction that shares the socket gets it, with postgres, and no other container does', () => {
    const c = chartIn('db');
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', sidecars: [sidecar('a')] });
    cluster.addSidecar(PostgresSidecar.postgresExporter());
    const podSpec = named(synth(c), 'StatefulSet', CLUSTER).spec.template.spec;
    const withSocket = podSpec.containers.filter((ct: any) => ct.volumeMounts.some((m: any) => m.name === 'postgresql-run')).map((ct: any) => ct.name);
    expect(withSocket).toEqual(['postgres', 'postgres-exporter']);
  });
});
