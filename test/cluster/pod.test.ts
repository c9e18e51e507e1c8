import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { API_MOUNT, API_VOLUME, build, HOOKS_MOUNT, HOOKS_VOLUME } from './fixtures';

describe('postgres container', () => {
  test('image: the operator\'s default, the fleet\'s, the cluster\'s; IfNotPresent', () => {
    // GIVEN / WHEN / THEN
    expect(build().container.image).toBe('ghcr.io/zalando/spilo-18:4.1-p2');
    expect(build({}, { image: 'registry.example.com/spilo:1' }).container.image).toBe('registry.example.com/spilo:1');
    expect(build({ image: 'registry.example.com/spilo:2' }, { image: 'registry.example.com/spilo:1' }).container.image).toBe('registry.example.com/spilo:2');
    expect(build().container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('ports 8008, 5432, 8080: TCP and unnamed', () => {
    // GIVEN / WHEN
    const { container } = build();

    // THEN
    expect(container.ports).toEqual([
      { containerPort: 8008, protocol: 'TCP' }, { containerPort: 5432, protocol: 'TCP' }, { containerPort: 8080, protocol: 'TCP' },
    ]);
  });

  test('readiness probe GET /readiness on 8008 by default (deviation: RollingUpdate waits for it)', () => {
    // GIVEN / WHEN
    const { container } = build();

    // THEN the operator's generateSpiloReadinessProbe values
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/readiness', port: 8008, scheme: 'HTTP' },
      initialDelaySeconds: 6,
      periodSeconds: 10,
      timeoutSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  test('the fleet can switch the readiness probe off (the operator\'s default)', () => {
    // GIVEN / WHEN
    const { container } = build({}, { enableReadinessProbe: false });

    // THEN
    expect(container.readinessProbe).toBeUndefined();
  });

  test('no liveness probe by default; the cluster\'s verbatim', () => {
    // GIVEN Patroni's liveness endpoint
    const { container } = build({
      livenessProbe: { httpGet: { path: '/liveness', port: k8s.IntOrString.fromNumber(8008) }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 },
    });

    // THEN
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/liveness', port: 8008 }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 });
    expect(build().container.livenessProbe).toBeUndefined();
  });

  test('security context defaults: privileged false, allowPrivilegeEscalation true, readOnlyRootFilesystem false', () => {
    // GIVEN / WHEN
    const { container } = build();

    // THEN
    expect(container.securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false });
  });

  test('fleet security settings; capabilities upper-cased', () => {
    // GIVEN
    const { container } = build({}, { privileged: true, additionalPodCapabilities: ['sys_nice', 'IPC_LOCK'] });
    const noEscalation = build({}, { allowPrivilegeEscalation: false }).container;

    // THEN
    expect(container.securityContext).toEqual({
      privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, capabilities: { add: ['SYS_NICE', 'IPC_LOCK'] },
    });
    expect(noEscalation.securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: false });
  });
});

describe('pod security context', () => {
  test('unset by default', () => {
    // GIVEN / WHEN / THEN
    expect(build().podSpec.securityContext).toBeUndefined();
  });

  test('runAsUser, runAsGroup, fsGroup: the fleet\'s, each overridden by the cluster', () => {
    // GIVEN
    const { podSpec } = build({ runAsUser: 1000, fsGroup: 0 }, { runAsUser: 101, runAsGroup: 103, fsGroup: 103 });

    // THEN zero is a value, not "unset"
    expect(podSpec.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 103, fsGroup: 0 });
  });
});

describe('volumes', () => {
  test('pgdata claim template: RWO, Filesystem, 10Gi, no storage class', () => {
    // GIVEN / WHEN
    const { statefulSet } = build();

    // THEN
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'pgdata', labels: { 'application': 'spilo', 'cluster-name': 'acid-test', 'team': 'acid' } },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '10Gi' } } },
    }]);
  });

  test('size, storage class and selector; the fleet\'s default size', () => {
    // GIVEN
    const selector = { matchLabels: { tier: 'fast' } };
    const own = build({ volume: { size: Size.gibibytes(50), storageClass: 'gp3', selector } }, { volumeSize: Size.gibibytes(20) }).statefulSet;
    const fleet = build({}, { volumeSize: Size.mebibytes(1536) }).statefulSet;

    // THEN
    expect(own.spec.volumeClaimTemplates[0].spec).toMatchObject({ resources: { requests: { storage: '50Gi' } }, storageClassName: 'gp3', selector });
    expect(fleet.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1536Mi');
  });

  test('pgdata then dshm are mounted; dshm is a memory emptyDir', () => {
    // GIVEN / WHEN
    const { container, podSpec } = build();

    // THEN
    expect(container.volumeMounts).toEqual([{ name: 'pgdata', mountPath: '/home/postgres/pgdata' }, { name: 'dshm', mountPath: '/dev/shm' }, API_MOUNT, HOOKS_MOUNT]);
    expect(podSpec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory' } }, API_VOLUME, HOOKS_VOLUME]);
  });

  test('pgdata subPath and subPathExpr', () => {
    // GIVEN
    const plain = build({ volume: { subPath: 'data' } }).container;
    const expr = build({ volume: { subPath: '$(POD_NAMESPACE)', subPathIsExpression: true } }).container;

    // THEN
    expect(plain.volumeMounts[0]).toEqual({ name: 'pgdata', mountPath: '/home/postgres/pgdata', subPath: 'data' });
    expect(expr.volumeMounts[0]).toEqual({ name: 'pgdata', mountPath: '/home/postgres/pgdata', subPathExpr: '$(POD_NAMESPACE)' });
  });

  test('enableShmVolume false switches off the fleet\'s true (deviation); true switches on the fleet\'s false', () => {
    // GIVEN
    const off = build({ enableShmVolume: false });
    const on = build({ enableShmVolume: true }, { enableShmVolume: false });
    const fleetOff = build({}, { enableShmVolume: false });

    // THEN
    expect(off.podSpec.volumes).toEqual([API_VOLUME, HOOKS_VOLUME]);
    expect(off.container.volumeMounts).toEqual([{ name: 'pgdata', mountPath: '/home/postgres/pgdata' }, API_MOUNT, HOOKS_MOUNT]);
    expect(on.podSpec.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory' } }, API_VOLUME, HOOKS_VOLUME]);
    expect(fleetOff.podSpec.volumes).toEqual([API_VOLUME, HOOKS_VOLUME]);
  });

  test('additional volumes: appended after dshm, mounted in postgres by default, subPath/subPathExpr/readOnly', () => {
    // GIVEN three additional volumes
    const { container, podSpec } = build({
      additionalVolumes: [
        { volume: { name: 'scratch', emptyDir: {} }, mountPath: '/scratch' },
        { volume: { name: 'conf', configMap: { name: 'pg-conf' } }, mountPath: '/etc/pg', subPath: 'conf.d', readOnly: true },
        { volume: { name: 'per-pod', emptyDir: {} }, mountPath: '/per-pod', subPath: '$(POD_NAMESPACE)', subPathIsExpression: true },
      ],
    });

    // THEN volumes and mounts keep the manifest order
    expect(podSpec.volumes).toEqual([
      { name: 'dshm', emptyDir: { medium: 'Memory' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'conf', configMap: { name: 'pg-conf' } },
      { name: 'per-pod', emptyDir: {} },
      API_VOLUME,
      HOOKS_VOLUME,
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'pgdata', mountPath: '/home/postgres/pgdata' },
      { name: 'dshm', mountPath: '/dev/shm' },
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'conf', mountPath: '/etc/pg', subPath: 'conf.d', readOnly: true },
      { name: 'per-pod', mountPath: '/per-pod', subPathExpr: '$(POD_NAMESPACE)' },
      API_MOUNT,
      HOOKS_MOUNT,
    ]);
  });

  test('additional volumes with targetContainers [\'all\'] and [\'postgres\'] keep the manifest order in the mounts', () => {
    // GIVEN an 'all' volume before a postgres-only one
    const { container } = build({
      additionalVolumes: [
        { volume: { name: 'everywhere', emptyDir: {} }, mountPath: '/everywhere', targetContainers: ['all'] },
        { volume: { name: 'only-pg', emptyDir: {} }, mountPath: '/only-pg', targetContainers: ['postgres'] },
      ],
    });

    // THEN as the operator's addAdditionalVolumes, which walks the volumes in order for each container
    expect(container.volumeMounts.map((m: any) => m.name)).toEqual(['pgdata', 'dshm', 'everywhere', 'only-pg', 'kube-api-access', 'postgres-hooks']);
  });

  test('additional volumes with an empty targetContainers list are mounted in postgres, as the operator does', () => {
    // GIVEN targetContainers: []
    const { container } = build({ additionalVolumes: [{ volume: { name: 'scratch', emptyDir: {} }, mountPath: '/scratch', targetContainers: [] }] });

    // THEN the postgres container mounts it (not "nowhere")
    expect(container.volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/scratch' });
  });

  test('additional volumes are not mounted in init containers', () => {
    // GIVEN an 'all' volume and an init container
    const { podSpec } = build({
      initContainers: [{ name: 'prepare', image: 'busybox:1.36', command: ['true'] }],
      additionalVolumes: [{ volume: { name: 'everywhere', emptyDir: {} }, mountPath: '/everywhere', targetContainers: ['all'] }],
    });

    // THEN
    expect(podSpec.initContainers).toEqual([{ name: 'prepare', image: 'busybox:1.36', command: ['true'] }]);
  });
});

describe('init containers', () => {
  test('rendered verbatim, before the postgres container', () => {
    // GIVEN
    const initContainers = [
      { name: 'wait-for-dns', image: 'busybox:1.36', command: ['sh', '-c', 'nslookup kubernetes.default'] },
      { name: 'fix-perms', image: 'busybox:1.36', command: ['chown', '-R', '101:103', '/home/postgres/pgdata'] },
    ];
    const { podSpec } = build({ initContainers });

    // THEN
    expect(podSpec.initContainers).toEqual(initContainers);
    expect(podSpec.containers.map((c: any) => c.name)).toEqual(['postgres']);
  });

  test('none by default', () => {
    // GIVEN / WHEN / THEN
    expect(build().podSpec.initContainers).toBeUndefined();
  });
});
