import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { FleetDefaults, PostgresCluster } from '../../src';
import { byKind, chart, clusterObjects, envValue, externalReferences, isNamespaceShared, isSharedScripts, named, postgresContainer, synth } from '../util';
import { build, CLUSTER, construct, L0, L1, NAMESPACE } from './fixtures';

describe('names', () => {
  test('objects carry the operator\'s names', () => {
    // GIVEN / WHEN a default cluster
    const { objects } = build();

    // THEN StatefulSet <c>, Services <c> and <c>-repl, PDBs postgres-<c>-pdb and postgres-<c>-critical-op-pdb,
    // the credentials Job <c>-creds-<hash> with its ServiceAccount, Role and RoleBinding <c>-credentials,
    // the ConfigMap <c>-spilo-configuration, and the dynamic configuration Job and its input ConfigMap <c>-dcs-<hash>
    // with its ServiceAccount, Role and RoleBinding <c>-dcs (not in the operator)
    // (and the namespace's shared scripts and hooks ConfigMaps, named after their content)
    expect(objects.filter(isNamespaceShared).map(o => o.metadata.name).sort()).toEqual([
      expect.stringMatching(/^cdk8s-postgres-hooks-[0-9a-f]{10}$/), expect.stringMatching(/^cdk8s-postgres-scripts-[0-9a-f]{10}$/),
    ]);
    const hashed = (name: string) => name.replace(/-creds-[0-9a-f]{5}$/, '-creds-HASH').replace(/-dcs-[0-9a-f]{6}$/, '-dcs-HASH');
    expect(clusterObjects(objects).map(o => `${o.kind}/${hashed(o.metadata.name)}`).sort()).toEqual([
      `ConfigMap/${CLUSTER}-dcs-HASH`,
      `ConfigMap/${CLUSTER}-spilo-configuration`,
      `Job/${CLUSTER}-creds-HASH`,
      `Job/${CLUSTER}-dcs-HASH`,
      `PodDisruptionBudget/postgres-${CLUSTER}-critical-op-pdb`,
      `PodDisruptionBudget/postgres-${CLUSTER}-pdb`,
      `Role/${CLUSTER}-credentials`,
      `Role/${CLUSTER}-dcs`,
      `Role/${CLUSTER}-postgres-pod`,
      `RoleBinding/${CLUSTER}-credentials`,
      `RoleBinding/${CLUSTER}-dcs`,
      `RoleBinding/${CLUSTER}-postgres-pod`,
      `Service/${CLUSTER}`,
      `Service/${CLUSTER}-repl`,
      `ServiceAccount/${CLUSTER}-credentials`,
      `ServiceAccount/${CLUSTER}-dcs`,
      `ServiceAccount/${CLUSTER}-postgres-pod`,
      `StatefulSet/${CLUSTER}`,
    ]);
  });

  test('StatefulSet serviceName is the primary Service, SCOPE is the cluster name', () => {
    // GIVEN / WHEN
    const { statefulSet, container } = build();

    // THEN
    expect(statefulSet.spec.serviceName).toBe(CLUSTER);
    expect(envValue(container, 'SCOPE')).toBe(CLUSTER);
  });

  test('the name prop wins over the construct id', () => {
    // GIVEN a construct id that differs from the name
    const c = chart();
    const cluster = new PostgresCluster(c, 'Orders', { teamId: 'acid', name: 'acid-orders' });
    const objects = synth(c);

    // THEN every name derives from the name prop
    expect(cluster.clusterName).toBe('acid-orders');
    expect(named(objects, 'StatefulSet', 'acid-orders')).toBeDefined();
    expect(named(objects, 'Service', 'acid-orders-repl')).toBeDefined();
  });

  test('a 51-character name keeps every derived name valid', () => {
    // GIVEN the longest allowed name (room for <c>-pooler-repl and the pods' controller-revision-hash label)
    const name = `a${'b'.repeat(49)}c`;
    const c = chart();
    new PostgresCluster(c, 'Long', { teamId: 'acid', name, instances: 3 });

    // WHEN synthesized, every object passes the validator's name rules
    const objects = synth(c);

    // THEN
    expect(name).toHaveLength(51);
    expect(named(objects, 'Service', `${name}-repl`).metadata.name).toHaveLength(56);
    expect(named(objects, 'PodDisruptionBudget', `postgres-${name}-critical-op-pdb`)).toBeDefined();
  });

  test('names never derive from construct paths: nesting or moving the construct changes nothing', () => {
    // GIVEN the same cluster directly in a chart and three levels deep under another parent
    const direct = chart();
    new PostgresCluster(direct, CLUSTER, { teamId: 'acid', instances: 2 });
    const nested = chart();
    const parent = new Construct(new Construct(nested, 'Platform'), 'Databases');
    new PostgresCluster(parent, CLUSTER, { teamId: 'acid', instances: 2 });

    // WHEN both are synthesized
    // THEN the manifests are identical (cdk8s would otherwise add path hashes)
    expect(synth(nested)).toEqual(synth(direct));
  });

  test('no Secret objects are emitted; the operator-named credential Secrets are referenced and declared external', () => {
    // GIVEN / WHEN a default cluster
    const { objects, container, chart: c } = build();

    // THEN no Secret, the env references postgres.<c>... and standby.<c>..., and both are declared external
    expect(byKind(objects, 'Secret')).toEqual([]);
    const refs = container.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name);
    const expected = [`postgres.${CLUSTER}.credentials.postgresql.acid.zalan.do`, `standby.${CLUSTER}.credentials.postgresql.acid.zalan.do`];
    // (and the Patroni REST API's credentials, username and password: patroni-api.test.ts)
    expect(refs).toEqual([...expected, `${CLUSTER}-patroni-api`, `${CLUSTER}-patroni-api`]);
    expect(externalReferences(c)).toEqual(expect.arrayContaining(expected.map(name => ({ kind: 'Secret', namespace: NAMESPACE, name }))));
  });

  test('Secrets and ConfigMaps the user names are declared external too', () => {
    // GIVEN references in env, envFrom and an additional volume
    const { chart: c } = build({
      env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'user-secret', key: 'x' } } }],
      envFrom: [{ configMapRef: { name: 'user-config' } }],
      additionalVolumes: [{ volume: { name: 'certs', secret: { secretName: 'user-certs' } }, mountPath: '/certs' }],
    });

    // THEN the validator accepts them as existing objects
    expect(externalReferences(c)).toEqual(expect.arrayContaining([
      { kind: 'Secret', namespace: NAMESPACE, name: 'user-secret' },
      { kind: 'ConfigMap', namespace: NAMESPACE, name: 'user-config' },
      { kind: 'Secret', namespace: NAMESPACE, name: 'user-certs' },
    ]));
  });
});

describe('namespaces', () => {
  test('objects go to the chart\'s namespace by default', () => {
    // GIVEN / WHEN
    const { objects, cluster } = build();

    // THEN
    expect(new Set(objects.map(o => o.metadata.namespace))).toEqual(new Set([NAMESPACE]));
    expect(cluster.namespace).toBe(NAMESPACE);
  });

  test('an explicit namespace wins over the chart\'s', () => {
    // GIVEN
    const { objects } = build({ namespace: 'orders' });

    // THEN every object, including the RoleBinding subject, is in that namespace
    expect(new Set(objects.map(o => o.metadata.namespace))).toEqual(new Set(['orders']));
    expect(named(objects, 'RoleBinding', `${CLUSTER}-postgres-pod`).subjects[0].namespace).toBe('orders');
  });

  test('no namespace at all: objects go where they are applied, endpoints are short names', () => {
    // GIVEN a chart without a namespace
    const { objects, cluster } = build({}, undefined, null);

    // THEN
    expect(objects.every(o => o.metadata.namespace === undefined)).toBe(true);
    expect(cluster.primaryEndpoint.hostname).toBe(CLUSTER);
  });

  test('endpoints name the Services in the namespace', () => {
    // GIVEN / WHEN
    const { cluster } = build();

    // THEN
    expect(cluster.primaryEndpoint.socketAddress).toBe(`${CLUSTER}.${NAMESPACE}.svc:5432`);
    expect(cluster.replicaEndpoint.socketAddress).toBe(`${CLUSTER}-repl.${NAMESPACE}.svc:5432`);
  });
});

describe('label sets', () => {
  test('selectors use L0; metadata uses L1 (L0 + team)', () => {
    // GIVEN / WHEN a default cluster
    const { objects, statefulSet } = build();

    // THEN
    expect(statefulSet.spec.selector).toEqual({ matchLabels: L0 });
    expect(statefulSet.metadata.labels).toEqual(L1);
    expect(statefulSet.spec.template.metadata.labels).toEqual(L1);
    expect(named(objects, 'Service', CLUSTER).spec.selector).toEqual({ ...L0, 'spilo-role': 'master' });
    expect(named(objects, 'Service', `${CLUSTER}-repl`).spec.selector).toEqual({ ...L0, 'spilo-role': 'replica' });
    expect(named(objects, 'Service', CLUSTER).metadata.labels).toEqual({ ...L1, 'spilo-role': 'master' });
    expect(named(objects, 'PodDisruptionBudget', `postgres-${CLUSTER}-pdb`).metadata.labels).toEqual(L1);
  });

  test('pod template has no role label: Patroni sets it', () => {
    // GIVEN / WHEN
    const { statefulSet } = build();

    // THEN
    expect(statefulSet.spec.template.metadata.labels['spilo-role']).toBeUndefined();
  });

  test('fleet label keys shape L0 and every selector', () => {
    // GIVEN a fleet with its own cluster labels and key names
    const { objects, statefulSet } = build({}, { clusterLabels: { application: 'db', env: 'prod' }, clusterNameLabel: 'pg-cluster', podRoleLabel: 'pg-role' });

    // THEN
    const l0 = { 'application': 'db', 'env': 'prod', 'pg-cluster': CLUSTER };
    expect(statefulSet.spec.selector.matchLabels).toEqual(l0);
    expect(named(objects, 'Service', CLUSTER).spec.selector).toEqual({ ...l0, 'pg-role': 'master' });
    expect(named(objects, 'Service', `${CLUSTER}-repl`).metadata.labels).toEqual({ ...l0, 'team': 'acid', 'pg-role': 'replica' });
    expect(named(objects, 'PodDisruptionBudget', `postgres-${CLUSTER}-pdb`).spec.selector.matchLabels).toEqual(l0);
  });

  test('extra labels (fleet, then cluster) go on metadata and pods, never in selectors', () => {
    // GIVEN inherited-style labels from the fleet and the cluster
    const { objects, statefulSet } = build({ labels: { tier: 'db', owner: 'orders' } }, { labels: { owner: 'platform', cost: 'c1' } });

    // THEN the cluster wins over the fleet; selectors stay L0
    const l1 = { ...L1, tier: 'db', owner: 'orders', cost: 'c1' };
    expect(statefulSet.metadata.labels).toEqual(l1);
    expect(statefulSet.spec.template.metadata.labels).toEqual(l1);
    expect(statefulSet.spec.selector.matchLabels).toEqual(L0);
    for (const o of clusterObjects(objects)) expect(o.metadata.labels).toMatchObject(l1);
    expect(named(objects, 'Service', CLUSTER).spec.selector).toEqual({ ...L0, 'spilo-role': 'master' });
    // The shared scripts ConfigMap serves every cluster of the namespace: fixed library labels only.
    expect(objects.find(isSharedScripts).metadata.labels).toEqual({ 'app.kubernetes.io/name': 'cdk8s-postgres', 'app.kubernetes.io/component': 'scripts' });
  });

  test('extra labels that collide with selector labels, team or the role label are refused', () => {
    // GIVEN labels that collide with L1 keys or Patroni's role label
    // THEN synth fails naming the prop and the key, instead of silently dropping the value (or, for the role label,
    // putting every new pod into the primary Service)
    for (const key of ['application', 'cluster-name', 'team', 'spilo-role']) {
      expect(() => build({ labels: { [key]: 'master' } })).toThrow(new RegExp(`labels: '${key}' is not valid; expected a label the library does not set itself`));
    }
    expect(() => build({}, { labels: { 'spilo-role': 'master' } })).toThrow(/fleet\.labels: 'spilo-role' is not valid/);
  });

  test('volumeClaimTemplate labels are L1 without extra labels (templates are immutable)', () => {
    // GIVEN extra labels
    const { statefulSet } = build({ labels: { tier: 'db' } }, { labels: { cost: 'c1' } });

    // THEN the claim template keeps the fixed set only
    expect(statefulSet.spec.volumeClaimTemplates[0].metadata.labels).toEqual(L1);
  });

  test('annotations (fleet, then cluster) go on every object', () => {
    // GIVEN
    const { objects } = build({ annotations: { 'example.com/owner': 'orders' } }, { annotations: { 'example.com/owner': 'x', 'example.com/cost': 'c1' } });

    // THEN (the credentials objects also carry their Argo CD sync wave; the shared scripts have none of a cluster's)
    for (const o of clusterObjects(objects)) {
      const { ['argocd.argoproj.io/sync-wave']: _wave, ...rest } = o.metadata.annotations;
      expect(rest).toEqual({ 'example.com/owner': 'orders', 'example.com/cost': 'c1' });
    }
  });

  test('pod annotations: fleet, then cluster podAnnotations, then the inherited-style annotations', () => {
    // GIVEN annotations at every level
    const { statefulSet } = build(
      { podAnnotations: { 'a.example.com/pod': 'cluster' }, annotations: { 'a.example.com/all': 'cluster' } },
      { podAnnotations: { 'a.example.com/pod': 'fleet', 'a.example.com/fleet': 'yes' } },
    );

    // THEN as the operator's annotationsSet(podAnnotations): inherited annotations reach the pod template too, and
    // last the library's digest of the local configuration (a deviation: it rolls the members when that changes)
    expect(statefulSet.spec.template.metadata.annotations).toEqual({
      'a.example.com/pod': 'cluster',
      'a.example.com/fleet': 'yes',
      'a.example.com/all': 'cluster',
      'cdk8s-postgres/local-configuration': expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(Object.keys(statefulSet.spec.template.metadata.annotations).at(-1)).toBe('cdk8s-postgres/local-configuration');
  });

  test('GitOps tracking labels never reach KUBERNETES_LABELS: refused in fleet.clusterLabels', () => {
    // GIVEN Argo CD's tracking label among the cluster labels
    // WHEN / THEN
    expect(() => construct({}, { clusterLabels: { 'application': 'spilo', 'app.kubernetes.io/instance': 'orders' } }))
      .toThrow(/fleet\.clusterLabels: 'app\.kubernetes\.io\/instance' is not valid; expected no GitOps tracking label/);
  });

  test('the cluster name label must not be a GitOps tracking label either', () => {
    // GIVEN the tracking label as cluster_name_label: Patroni stamps it on its ConfigMaps too (spilo.md §4.2)
    // WHEN / THEN
    expect(() => construct({}, { clusterNameLabel: 'app.kubernetes.io/instance' })).toThrow(/fleet\.clusterNameLabel/);
  });

  test('the shared fleet object is never modified by a cluster', () => {
    // GIVEN a fleet shared by two clusters
    const fleet = new FleetDefaults({ labels: { a: 'b' } });
    const app = Testing.app();
    const c = new Chart(app, 'c', { namespace: 'x' });
    new PostgresCluster(c, 'one', { teamId: 'acid', fleet, labels: { c: 'd' } });
    new PostgresCluster(c, 'two', { teamId: 'acid', fleet });

    // WHEN synthesized
    const objects = synth(c);

    // THEN the second cluster did not inherit the first one's labels
    expect(postgresContainer(named(objects, 'StatefulSet', 'two'))).toBeDefined();
    expect(named(objects, 'StatefulSet', 'two').metadata.labels).toEqual({ 'application': 'spilo', 'cluster-name': 'two', 'team': 'acid', 'a': 'b' });
    expect(fleet.settings.labels).toEqual({ a: 'b' });
  });
});
