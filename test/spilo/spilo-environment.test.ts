import { PostgresVersion } from '../../src';
import { build, CLUSTER } from '../cluster/fixtures';
import { envList, envValue, spiloConfiguration } from '../util';

/** The operator's core block (reference zalando-operator.md §4.4, rows 0-17) with default config, then our addition. */
const CORE_NAMES = [
  'SCOPE', 'PGROOT', 'POD_IP', 'POD_NAMESPACE', 'PGUSER_SUPERUSER', 'KUBERNETES_SCOPE_LABEL', 'KUBERNETES_ROLE_LABEL',
  'PGPASSWORD_SUPERUSER', 'PGUSER_STANDBY', 'PGPASSWORD_STANDBY', 'PGVERSION',
  'KUBERNETES_LABELS',
  // Deviation: the Patroni REST API's credentials, merged into SPILO_CONFIGURATION at container start (patroni-api.ts).
  'PATRONI_RESTAPI_USERNAME', 'PATRONI_RESTAPI_PASSWORD', 'CDK8S_PG_SPILO_CONFIGURATION',
  'SPILO_CONFIGURATION', 'DCS_ENABLE_KUBERNETES_API', 'KUBERNETES_BOOTSTRAP_LABELS', 'KUBERNETES_USE_CONFIGMAPS',
  // Deviation: no permission in namespace default is needed (spilo.md §4.4).
  'KUBERNETES_BYPASS_API_SERVICE',
];

describe('postgres container env', () => {
  test('core block in the operator order, then KUBERNETES_BYPASS_API_SERVICE, then user env', () => {
    // GIVEN a cluster with two user env vars
    // WHEN synthesized
    const { container } = build({ env: [{ name: 'SSL_TEST_RELOAD', value: '1' }, { name: 'TZ', value: 'UTC' }] });

    // THEN the names come in the operator's order (§4.4) followed by the user's, in their order
    expect(container.env.map((e: any) => e.name)).toEqual([...CORE_NAMES, 'SSL_TEST_RELOAD', 'TZ']);
  });

  test('values of the core block for the default fleet', () => {
    // GIVEN a default cluster
    // WHEN synthesized
    const { container } = build();

    // THEN every value is what the operator renders with its shipped configuration, except PAM (off unless the fleet
    // sets it: a documented deviation)
    const secret = (user: string) => ({ secretKeyRef: { name: `${user}.${CLUSTER}.credentials.postgresql.acid.zalan.do`, key: 'password' } });
    expect(envList(container)).toEqual([
      ['SCOPE', CLUSTER],
      ['PGROOT', '/home/postgres/pgdata/pgroot'],
      ['POD_IP', { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } }],
      ['POD_NAMESPACE', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
      ['PGUSER_SUPERUSER', 'postgres'],
      ['KUBERNETES_SCOPE_LABEL', 'cluster-name'],
      ['KUBERNETES_ROLE_LABEL', 'spilo-role'],
      ['PGPASSWORD_SUPERUSER', secret('postgres')],
      ['PGUSER_STANDBY', 'standby'],
      ['PGPASSWORD_STANDBY', secret('standby')],
      ['PGVERSION', '18'],
      ['KUBERNETES_LABELS', '{"application":"spilo"}'],
      // deviation: from the cluster's ConfigMap, not inline (the document is in spilo-configuration.test.ts)
      ['PATRONI_RESTAPI_USERNAME', { secretKeyRef: { name: `${CLUSTER}-patroni-api`, key: 'username' } }],
      ['PATRONI_RESTAPI_PASSWORD', { secretKeyRef: { name: `${CLUSTER}-patroni-api`, key: 'password' } }],
      ['CDK8S_PG_SPILO_CONFIGURATION', { configMapKeyRef: { name: `${CLUSTER}-spilo-configuration`, key: 'SPILO_CONFIGURATION' } }],
      ['SPILO_CONFIGURATION', '{<<: $(CDK8S_PG_SPILO_CONFIGURATION), restapi: {authentication: '
        + '{username: "$(PATRONI_RESTAPI_USERNAME)", password: "$(PATRONI_RESTAPI_PASSWORD)"}}}'],
      ['DCS_ENABLE_KUBERNETES_API', 'true'],
      ['KUBERNETES_BOOTSTRAP_LABELS', '{"critical-operation":"true"}'],
      ['KUBERNETES_USE_CONFIGMAPS', 'true'],
      ['KUBERNETES_BYPASS_API_SERVICE', 'false'],
    ]);
  });

  test('KUBERNETES_BYPASS_API_SERVICE is false (Spilo treats only the literal "true" as on)', () => {
    // GIVEN / WHEN a default cluster
    const { container } = build();

    // THEN bypass is off, so Patroni never reads default/endpoints/kubernetes
    expect(envValue(container, 'KUBERNETES_BYPASS_API_SERVICE')).toBe('false');
  });

  test.each([
    ['13', PostgresVersion.V13], ['14', PostgresVersion.V14], ['15', PostgresVersion.V15],
    ['16', PostgresVersion.V16], ['17', PostgresVersion.V17], ['18', PostgresVersion.of('18')],
  ])('version %s renders PGVERSION and no bin_dir', (major, version) => {
    // GIVEN a cluster of that major version
    const { container, objects, statefulSet } = build({ version });

    // THEN PGVERSION carries it (enable_pgversion_env_var: true), SPILO_CONFIGURATION has no bin_dir
    expect(envValue(container, 'PGVERSION')).toBe(major);
    expect(spiloConfiguration(objects, statefulSet).postgresql).toEqual({});
  });

  test('fleet label keys and cluster labels flow into the Patroni label env vars', () => {
    // GIVEN a fleet with its own label keys and two cluster labels given out of order
    const { container } = build({}, {
      clusterLabels: { zone: 'eu', application: 'spilo' }, clusterNameLabel: 'pg-cluster', podRoleLabel: 'pg-role',
    });

    // THEN KUBERNETES_SCOPE_LABEL/ROLE_LABEL name the keys; KUBERNETES_LABELS is the JSON of cluster_labels
    // with sorted keys, as Go's json.Marshal renders a map
    expect(envValue(container, 'KUBERNETES_SCOPE_LABEL')).toBe('pg-cluster');
    expect(envValue(container, 'KUBERNETES_ROLE_LABEL')).toBe('pg-role');
    expect(envValue(container, 'KUBERNETES_LABELS')).toBe('{"application":"spilo","zone":"eu"}');
  });

  test('KUBERNETES_LABELS holds only the cluster labels, never per-cluster or GitOps labels', () => {
    // GIVEN a cluster whose own labels include Argo CD's tracking label
    const { container } = build({ labels: { 'app.kubernetes.io/instance': 'orders', 'tier': 'db' } }, { labels: { owner: 'platform' } });

    // THEN Patroni would not copy them onto its ConfigMaps
    expect(envValue(container, 'KUBERNETES_LABELS')).toBe('{"application":"spilo"}');
  });

  test('fleet PAM settings and replication user', () => {
    // GIVEN a fleet with its own PAM configuration, human role and replication user
    const { container } = build({}, {
      pamConfiguration: 'https://auth.example.org/tokeninfo?access_token= uid realm=/staff',
      pamRoleName: 'humans',
      replicationUsername: 'replicator',
    });

    // THEN the env carries them, and the standby password comes from the replicator's Secret
    expect(envValue(container, 'PAM_OAUTH2')).toBe('https://auth.example.org/tokeninfo?access_token= uid realm=/staff');
    expect(envValue(container, 'HUMAN_ROLE')).toBe('humans');
    expect(envValue(container, 'PGUSER_STANDBY')).toBe('replicator');
    expect(container.env.find((e: any) => e.name === 'PGPASSWORD_STANDBY').valueFrom.secretKeyRef)
      .toEqual({ name: `replicator.${CLUSTER}.credentials.postgresql.acid.zalan.do`, key: 'password' });
  });

  test('PAM_OAUTH2 and HUMAN_ROLE only when the fleet sets them, in the operator\'s position', () => {
    // GIVEN the default fleet, an empty PAM configuration, and a fleet with both set
    const defaults = build().container.env.map((e: any) => e.name);
    const empty = build({}, { pamConfiguration: '' }).container.env.map((e: any) => e.name);
    const set = build({}, { pamConfiguration: 'https://auth.example.org/t?access_token= uid', pamRoleName: 'humans' }).container.env.map((e: any) => e.name);

    // THEN nothing Zalando-internal by default; when set, both come between PGPASSWORD_STANDBY and PGVERSION
    expect(defaults).toEqual(CORE_NAMES);
    expect(empty).toEqual(CORE_NAMES);
    const at = CORE_NAMES.indexOf('PGVERSION');
    expect(set).toEqual([...CORE_NAMES.slice(0, at), 'PAM_OAUTH2', 'HUMAN_ROLE', ...CORE_NAMES.slice(at)]);
  });

  test('KUBERNETES_BOOTSTRAP_LABELS only when disruption budgets are enabled', () => {
    // GIVEN budgets disabled in the fleet
    const disabled = build({}, { enablePodDisruptionBudget: false }).container;
    const enabled = build({}, { enablePodDisruptionBudget: true }).container;

    // THEN the bootstrap label variable disappears, as in the operator
    expect(envValue(disabled, 'KUBERNETES_BOOTSTRAP_LABELS')).toBeUndefined();
    expect(envValue(enabled, 'KUBERNETES_BOOTSTRAP_LABELS')).toBe('{"critical-operation":"true"}');
  });

  test('user env keeps valueFrom entries verbatim', () => {
    // GIVEN a user env var read from a Secret the user already has
    const { container } = build({
      env: [{ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'id' } } }],
    });

    // THEN it is appended unchanged after the core block
    expect(container.env[container.env.length - 1]).toEqual({
      name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws-creds', key: 'id' } },
    });
  });

  test('envFrom order: the cluster\'s own sources, then the fleet ConfigMap, then the fleet Secret', () => {
    // GIVEN user envFrom plus fleet pod environment ConfigMap and Secret
    const { container } = build(
      { envFrom: [{ configMapRef: { name: 'app-env' } }] },
      { podEnvironmentConfigMap: 'fleet-env', podEnvironmentSecret: 'fleet-secret-env' },
    );

    // THEN later sources win in Kubernetes, so the Secret beats the ConfigMap, as in the operator
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'app-env' } },
      { configMapRef: { name: 'fleet-env' } },
      { secretRef: { name: 'fleet-secret-env' } },
    ]);
  });

  test('no envFrom field when there are no sources', () => {
    // GIVEN / WHEN a default cluster
    const { container } = build();

    // THEN envFrom is absent
    expect(container.envFrom).toBeUndefined();
  });
});
