import { FleetDefaults, PodSecurityProfile, PostgresCluster, PostgresSidecar, UserFlag } from '../../src';
import { s3 } from '../backup/fixtures';
import { byKind, synth } from '../util';
import { build, chartIn, CLUSTER } from './fixtures';

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
};

/** Every pod template of the output, with where it came from. */
function podTemplates(objects: any[]): Array<{ owner: string; spec: any }> {
  return objects.flatMap(o => {
    const spec = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec;
    return spec ? [{ owner: `${o.kind}/${o.metadata.name}`, spec }] : [];
  });
}

describe('PodSecurityProfile.RESTRICTED', () => {
  const restricted = () => build({
    podSecurityProfile: PodSecurityProfile.RESTRICTED,
    sidecars: [PostgresSidecar.postgresExporter(), new PostgresSidecar({ name: 'helper', image: 'busybox:1.36', securityContext: { runAsUser: 1000 } })],
    initContainers: [{ name: 'prep', image: 'busybox:1.36' }],
    logicalBackup: { storage: s3() },
    connectionPooler: {},
    users: { app: [] },
    databases: { app: 'app' },
  });

  test('the Spilo pod runs as Spilo\'s postgres (101/103, fsGroup 103) with seccomp RuntimeDefault', () => {
    // GIVEN / WHEN
    const { podSpec } = restricted();

    // THEN
    expect(podSpec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 101, runAsGroup: 103, fsGroup: 103, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('every container of every pod the cluster emits meets restricted: no escalation, ALL dropped, non-root, seccomp', () => {
    // GIVEN / WHEN a cluster with sidecars, an init container, a logical backup, a pooler and the Jobs
    const { objects } = restricted();

    // THEN
    const templates = podTemplates(objects);
    expect(templates.map(t => t.owner.replace(/-[0-9a-f]{5,6}$/, '')).sort()).toEqual([
      `CronJob/logical-backup-${CLUSTER}`, `Deployment/${CLUSTER}-pooler`,
      `Job/${CLUSTER}-creds`, `Job/${CLUSTER}-dcs`, `Job/${CLUSTER}-sync`, `StatefulSet/${CLUSTER}`,
    ]);
    for (const { owner, spec } of templates) {
      const podNonRoot = spec.securityContext?.runAsNonRoot === true;
      const podSeccomp = spec.securityContext?.seccompProfile?.type === 'RuntimeDefault';
      for (const c of [...spec.initContainers ?? [], ...spec.containers]) {
        const sc = c.securityContext ?? {};
        expect({ owner, container: c.name, escalation: sc.allowPrivilegeEscalation, drop: sc.capabilities?.drop, add: sc.capabilities?.add ?? [] })
          .toEqual({ owner, container: c.name, escalation: false, drop: ['ALL'], add: [] });
        expect({ owner, container: c.name, nonRoot: sc.runAsNonRoot ?? podNonRoot, seccomp: sc.seccompProfile?.type ?? (podSeccomp ? 'RuntimeDefault' : undefined) })
          .toEqual({ owner, container: c.name, nonRoot: true, seccomp: 'RuntimeDefault' });
        expect(sc.runAsUser ?? spec.securityContext?.runAsUser).not.toBe(0);
      }
    }
  });

  test('a sidecar\'s own compatible settings are kept (the exporter as nobody, readOnlyRootFilesystem)', () => {
    // GIVEN / WHEN
    const { podSpec } = restricted();

    // THEN
    const exporter = podSpec.containers.find((c: any) => c.name === 'postgres-exporter');
    expect(exporter.securityContext).toEqual({ ...RESTRICTED_CONTAINER, runAsUser: 65534, runAsGroup: 65534, readOnlyRootFilesystem: true });
    expect(podSpec.containers.find((c: any) => c.name === 'helper').securityContext).toEqual({ ...RESTRICTED_CONTAINER, runAsUser: 1000 });
    expect(podSpec.initContainers[0].securityContext).toEqual(RESTRICTED_CONTAINER);
  });

  test('the cluster\'s own profile wins over the fleet\'s, both ways', () => {
    // GIVEN
    const fleetRestricted = build({ podSecurityProfile: PodSecurityProfile.OPERATOR }, { podSecurityProfile: PodSecurityProfile.RESTRICTED });
    const clusterRestricted = build({ podSecurityProfile: PodSecurityProfile.RESTRICTED }, { podSecurityProfile: PodSecurityProfile.OPERATOR });

    // THEN
    expect(fleetRestricted.podSpec.securityContext).toBeUndefined();
    expect(fleetRestricted.container.securityContext.allowPrivilegeEscalation).toBe(true);
    expect(clusterRestricted.podSpec.securityContext.runAsNonRoot).toBe(true);
  });

  test('a cluster opts in without changing the fleet: the fleet\'s allowPrivilegeEscalation does not apply to it', () => {
    // GIVEN the operator's default spelled out in the fleet
    const { container } = build({ podSecurityProfile: PodSecurityProfile.RESTRICTED }, { allowPrivilegeEscalation: true });

    // THEN
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('a fleet init container the cluster replaces is not judged by the cluster\'s profile', () => {
    // GIVEN a privileged fleet init container and a compliant one of the same name in the cluster
    const { podSpec } = build({
      podSecurityProfile: PodSecurityProfile.RESTRICTED,
      initContainers: [{ name: 'prep', image: 'busybox:1.36' }],
    }, { initContainers: [{ name: 'prep', image: 'busybox:1.36', securityContext: { privileged: true } }] });

    // THEN only the cluster's runs, restricted
    expect(podSpec.initContainers).toHaveLength(1);
    expect(podSpec.initContainers[0].securityContext).toEqual(RESTRICTED_CONTAINER);
  });

  test('the cluster\'s runAsUser/runAsGroup/fsGroup win over Spilo\'s ids', () => {
    // GIVEN
    const { podSpec } = build({ podSecurityProfile: PodSecurityProfile.RESTRICTED, runAsUser: 1001, fsGroup: 2000 }, { runAsGroup: 1002 });

    // THEN
    expect(podSpec.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1002, fsGroup: 2000 });
  });
});

describe('the operator profile (default)', () => {
  test('Spilo pod as the operator emits it: no pod security context, escalation allowed, nothing dropped', () => {
    // GIVEN / WHEN
    const { podSpec, container } = build();

    // THEN
    expect(podSpec.securityContext).toBeUndefined();
    expect(container.securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false });
  });

  test('the API token is mounted in postgres only; the pod does not automount it (deviation)', () => {
    // GIVEN
    const { podSpec, container } = build({ sidecars: [PostgresSidecar.postgresExporter()] });

    // THEN
    expect(podSpec.automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    expect(podSpec.containers[1].volumeMounts.map((m: any) => m.name)).not.toContain('kube-api-access');
  });

  test('privileged sidecars, hostPath volumes and known capabilities are the user\'s call without the strict policy', () => {
    // GIVEN
    const { podSpec, container } = build({
      sidecars: [new PostgresSidecar({ name: 'tuner', image: 'busybox:1.36', securityContext: { privileged: true } })],
      additionalVolumes: [{ volume: { name: 'host', hostPath: { path: '/var/lib/pg-extra' } }, mountPath: '/extra' }],
    }, { additionalPodCapabilities: ['sys_nice'] });

    // THEN
    expect(podSpec.containers[1].securityContext).toEqual({ privileged: true });
    expect(podSpec.volumes.map((v: any) => v.name)).toContain('host');
    expect(container.securityContext.capabilities).toEqual({ add: ['SYS_NICE'] });
  });

  test('env that points at a secret or describes one is not a plaintext secret (Spilo\'s TLS files, token files, methods)', () => {
    // GIVEN / WHEN / THEN
    const env = ['SSL_PRIVATE_KEY_FILE', 'SSL_RESTAPI_PRIVATE_KEY_FILE', 'WALG_SSH_PRIVATE_KEY_PATH', 'AWS_WEB_IDENTITY_TOKEN_FILE',
      'POSTGRES_PASSWORD_FILE', 'PASSWORD_ENCRYPTION', 'TLS_SECRET_NAME'].map(name => ({ name, value: '/run/x' }));
    expect(() => build({ env })).not.toThrow();
    // and under the strict policy, names that merely contain KEY, PASS or AUTH inside a word
    expect(() => build({ env: ['PGPASSFILE', 'GOOGLE_APPLICATION_CREDENTIALS_FILE', 'BYPASS_LB', 'AUTHOR'].map(name => ({ name, value: 'x' })) }, { strictPolicy: true }))
      .not.toThrow();
  });

  test('env values that only reference other variables, empty ones and secretKeyRefs pass the plaintext check', () => {
    // GIVEN / WHEN / THEN
    expect(() => build({
      env: [
        { name: 'DB_PASSWORD', value: '$(POSTGRES_PASSWORD)' },
        { name: 'EMPTY_TOKEN', value: '' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
        { name: 'SECRETS_DIR_HINT', valueFrom: { configMapKeyRef: { name: 'hints', key: 'dir' } } },
      ],
    })).not.toThrow();
  });
});

describe('fleet.strictPolicy', () => {
  test('a cluster within the policy synthesizes: scram, narrow load balancer, plain users, ssl on', () => {
    // GIVEN / WHEN
    const { objects } = build({
      patroni: { pgHba: ['hostssl all all 10.0.0.0/8 scram-sha-256'] },
      loadBalancer: { master: true, allowedSourceRanges: ['203.0.113.0/24'] },
      users: { app: [UserFlag.CREATEDB, UserFlag.NOSUPERUSER] },
      parameters: { ssl: 'on' },
      env: [{ name: 'AWS_REGION', value: 'eu-central-1' }],
    }, { strictPolicy: true });

    // THEN
    expect(byKind(objects, 'StatefulSet')).toHaveLength(1);
  });
});

describe('fleet.strictPolicy reads the pg_hba method field', () => {
  const verdict = (line: string) => {
    try {
      build({ patroni: { pgHba: [line] } }, { strictPolicy: true });
      return 'accepted';
    } catch (e) {
      return (e as Error).name === 'PostgresValidationError' ? 'refused' : String(e);
    }
  };

  test.each([
    ['host all all 10.0.0.0/8 trust', 'refused'],
    ['local all all trust', 'refused'],
    ['host all all 10.0.0.1 255.255.255.255 trust', 'refused'],
    ['host all all ::1/128 trust', 'refused'],
    ['hostssl trust all 10.0.0.0/8 scram-sha-256', 'accepted'],
    ['host all all 10.0.0.1 255.255.255.255 md5', 'accepted'],
    ['hostssl all trust .example.com cert', 'accepted'],
    ['local trust trust peer', 'accepted'],
  ])('%s: %s', (line, expected) => {
    expect(verdict(line)).toBe(expected);
  });
});

describe('cross-namespace credentials', () => {
  test('a namespace the fleet lists gets the user\'s Secret and the credentials Job\'s Role', () => {
    // GIVEN
    const c = chartIn('db');
    new PostgresCluster(c, CLUSTER, {
      teamId: 'acid', fleet: new FleetDefaults({ allowedSecretNamespaces: ['reporting'] }), users: { 'reporting.analyst': [] },
    });

    // WHEN
    const objects = synth(c);

    // THEN
    expect(byKind(objects, 'Role').filter(r => r.metadata.namespace === 'reporting')).toHaveLength(1);
  });

  test('a user whose namespace part is the cluster\'s own namespace needs no allow-list', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth((() => {
      const c = chartIn('db');
      new PostgresCluster(c, CLUSTER, { teamId: 'acid', users: { 'db.analyst': [] } });
      return c;
    })())).not.toThrow();
  });
});
