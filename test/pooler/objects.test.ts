import { ExternalTrafficPolicy, PoolerRole } from '../../src';
import { build } from '../cluster/fixtures';
import { byKind, named } from '../util';
import { buildPooler, CLUSTER, POOLER, poolerLabels, poolerSelector, REPLICA_POOLER } from './fixtures';

const poolerObjects = (objects: any[]) => objects.filter(o => o.metadata?.name?.startsWith(POOLER)).map(o => `${o.kind}/${o.metadata.name}`);

describe('connection pooler objects', () => {
  test('defaults (snapshot of the pooler objects, checked against reference §3.5)', () => {
    // GIVEN / WHEN a cluster with connectionPooler: {}
    const { objects } = buildPooler();

    // THEN
    expect(objects.filter(o => o.metadata?.name?.startsWith(POOLER))).toMatchSnapshot();
  });

  test('no pooler unless asked; master: false alone keeps the settings but renders nothing, as enableConnectionPooler: false', () => {
    // GIVEN / WHEN
    const none = build();
    const off = build({ connectionPooler: { master: false, instances: 3 } });

    // THEN
    expect(poolerObjects(none.objects)).toEqual([]);
    expect(poolerObjects(off.objects)).toEqual([]);
    expect(off.cluster.connectionPooler).toBeUndefined();
    expect(off.cluster.poolerEndpoint).toBeUndefined();
    expect(JSON.stringify(off.objects)).not.toContain('pooler.acid-test');
  });

  test('names: Deployment, Service and ServiceAccount <c>-pooler, budget <c>-pooler-pdb; the replica pooler adds -repl', () => {
    // GIVEN / WHEN both poolers
    const { objects } = buildPooler({ replica: true });

    // THEN
    expect(poolerObjects(objects).sort()).toEqual([
      `Deployment/${POOLER}`, `Deployment/${REPLICA_POOLER}`,
      `NetworkPolicy/${POOLER}`, `NetworkPolicy/${REPLICA_POOLER}`,
      `PodDisruptionBudget/${POOLER}-pdb`, `PodDisruptionBudget/${REPLICA_POOLER}-pdb`,
      `Service/${POOLER}`, `Service/${REPLICA_POOLER}`,
      `ServiceAccount/${POOLER}`, `ServiceAccount/${REPLICA_POOLER}`,
    ]);
  });

  test('a replica pooler alone (master: false, replica: true), as the operator allows', () => {
    // GIVEN / WHEN
    const { objects, cluster } = buildPooler({ master: false, replica: true }, {}, undefined, REPLICA_POOLER);

    // THEN
    expect(byKind(objects, 'Deployment').map(d => d.metadata.name)).toEqual([REPLICA_POOLER]);
    expect(cluster.connectionPooler).toBeUndefined();
    expect(cluster.replicaConnectionPooler?.role).toBe(PoolerRole.REPLICA);
  });

  test.each([['master', POOLER], ['replica', REPLICA_POOLER]] as const)('%s pooler labels and selectors exactly as the operator', (role, name) => {
    // GIVEN / WHEN
    const { deployment, service, objects } = buildPooler({ replica: true }, {}, undefined, name);

    // THEN Deployment, pod template, budget and ServiceAccount carry the object set; selectors the selector set
    expect(deployment.metadata.labels).toEqual(poolerLabels(name, role));
    expect(deployment.spec.selector).toEqual({ matchLabels: poolerSelector(name) });
    expect(deployment.spec.template.metadata.labels).toEqual(poolerLabels(name, role));
    expect(named(objects, 'ServiceAccount', name).metadata.labels).toEqual(poolerLabels(name, role));
    const pdb = named(objects, 'PodDisruptionBudget', `${name}-pdb`);
    expect(pdb.metadata.labels).toEqual(poolerLabels(name, role));
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: poolerSelector(name) } });
    // and the Service the selector set as labels, selecting on the pooler name only
    expect(service.metadata.labels).toEqual(poolerSelector(name));
    expect(service.spec.selector).toEqual({ 'connection-pooler': name });
    expect(deployment.spec.strategy).toBeUndefined();
  });

  test('inherited labels reach the Deployment and its pods but never a selector or the Service; fleet label keys are honoured', () => {
    // GIVEN custom fleet label keys and extra labels
    const { deployment, service } = buildPooler({}, { labels: { 'cost-center': 'db' } }, {
      clusterLabels: { application: 'spilo', env: 'prod' }, clusterNameLabel: 'cluster', podRoleLabel: 'role', labels: { tier: 'data' },
    });

    // THEN
    const selector = { 'application': 'db-connection-pooler', 'env': 'prod', 'cluster': CLUSTER, 'connection-pooler': POOLER };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toEqual({ ...selector, 'tier': 'data', 'cost-center': 'db', 'team': 'acid', 'role': 'master' });
    expect(service.metadata.labels).toEqual(selector);
  });

  test('pooler pods match none of the database selectors (StatefulSet, Services, budgets)', () => {
    // GIVEN / WHEN
    const { objects, deployment } = buildPooler({ replica: true });
    const podLabels = deployment.spec.template.metadata.labels;
    const matches = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => podLabels[k] === v);

    // THEN
    expect(matches(named(objects, 'StatefulSet', CLUSTER).spec.selector.matchLabels)).toBe(false);
    expect(matches(named(objects, 'Service', CLUSTER).spec.selector)).toBe(false);
    expect(matches(named(objects, 'PodDisruptionBudget', `postgres-${CLUSTER}-pdb`).spec.selector.matchLabels)).toBe(false);
  });

  test('Service: ClusterIP, one port named like the pooler, 5432 to 5432', () => {
    // GIVEN / WHEN
    const { service } = buildPooler();

    // THEN (§3.5)
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: POOLER, port: 5432, targetPort: 5432 }],
      selector: { 'connection-pooler': POOLER },
    });
    expect(service.metadata.annotations).toBeUndefined();
  });

  test('Service annotations: fleet < inherited < cluster serviceAnnotations < the role\'s own', () => {
    // GIVEN annotations at every level
    const { objects } = buildPooler({ replica: true }, {
      annotations: { 'x.example.com/i': 'inherited' },
      serviceAnnotations: { 'x.example.com/a': 'cluster', 'x.example.com/b': 'cluster' },
      masterServiceAnnotations: { 'x.example.com/b': 'master' },
      replicaServiceAnnotations: { 'x.example.com/b': 'replica' },
    }, { serviceAnnotations: { 'x.example.com/a': 'fleet', 'x.example.com/f': 'fleet' } });

    // THEN
    const base = { 'x.example.com/a': 'cluster', 'x.example.com/f': 'fleet', 'x.example.com/i': 'inherited' };
    expect(named(objects, 'Service', POOLER).metadata.annotations).toEqual({ ...base, 'x.example.com/b': 'master' });
    expect(named(objects, 'Service', REPLICA_POOLER).metadata.annotations).toEqual({ ...base, 'x.example.com/b': 'replica' });
    expect(named(objects, 'Deployment', POOLER).metadata.annotations).toEqual({ 'x.example.com/i': 'inherited' });
  });

  test('load balancers: the cluster\'s source ranges (127.0.0.1/32 by default) and traffic policy; the database Services stay ClusterIP', () => {
    // GIVEN / WHEN a master pooler load balancer only
    const closed = buildPooler({ masterLoadBalancer: true, replica: true });
    // and one with ranges and a policy
    const open = buildPooler({ replica: true, replicaLoadBalancer: true }, {
      loadBalancer: { allowedSourceRanges: ['10.0.0.0/8', 'fd00::/8'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    }, undefined, REPLICA_POOLER);

    // THEN
    expect(closed.service.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['127.0.0.1/32'], externalTrafficPolicy: 'Cluster' });
    expect(named(closed.objects, 'Service', REPLICA_POOLER).spec.type).toBe('ClusterIP');
    expect(named(closed.objects, 'Service', CLUSTER).spec.type).toBe('ClusterIP');
    expect(open.service.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'], externalTrafficPolicy: 'Local' });
    expect(named(open.objects, 'Service', POOLER).spec.type).toBe('ClusterIP');
  });

  test('fleet pooler load balancers and external-dns names when the fleet has a hosted zone', () => {
    // GIVEN / WHEN
    const { objects } = buildPooler({ replica: true }, {}, {
      dbHostedZone: 'db.example.com',
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      connectionPooler: { masterLoadBalancer: true, replicaLoadBalancer: true },
    });

    // THEN the operator's {cluster}.{namespace}.{hostedzone} with the pooler name as the cluster
    expect(named(objects, 'Service', POOLER).metadata.annotations).toEqual({ 'external-dns.alpha.kubernetes.io/hostname': `${POOLER}.db.db.example.com` });
    expect(named(objects, 'Service', REPLICA_POOLER).metadata.annotations)
      .toEqual({ 'external-dns.alpha.kubernetes.io/hostname': `${REPLICA_POOLER}.db.db.example.com` });
    expect(named(objects, 'Service', POOLER).spec.externalTrafficPolicy).toBe('Local');
  });

  test('a cluster\'s false wins over a fleet\'s true', () => {
    // GIVEN / WHEN
    const { service } = buildPooler({ masterLoadBalancer: false }, {}, { connectionPooler: { masterLoadBalancer: true } });

    // THEN
    expect(service.spec.type).toBe('ClusterIP');
  });

  test('no pooler budget when the fleet disables budgets', () => {
    // GIVEN / WHEN
    const { objects, cluster } = buildPooler({}, {}, { enablePodDisruptionBudget: false });

    // THEN
    expect(byKind(objects, 'PodDisruptionBudget').map(p => p.metadata.name)).not.toContain(`${POOLER}-pdb`);
    expect(cluster.connectionPooler?.podDisruptionBudget).toBeUndefined();
  });

  test('typed outputs: endpoints, the pooler constructs and their objects', () => {
    // GIVEN / WHEN
    const { cluster } = buildPooler({ replica: true, instances: 3 });

    // THEN
    expect(cluster.poolerEndpoint).toMatchObject({ hostname: `${POOLER}.db.svc`, port: 5432 });
    expect(cluster.poolerEndpoint?.socketAddress).toBe(`${POOLER}.db.svc:5432`);
    expect(cluster.replicaPoolerEndpoint).toMatchObject({ hostname: `${REPLICA_POOLER}.db.svc`, port: 5432 });
    const pooler = cluster.connectionPooler!;
    expect([pooler.poolerName, pooler.role, pooler.instances, pooler.mode, pooler.user]).toEqual([POOLER, 'master', 3, 'transaction', 'pooler']);
    expect(pooler.selectorLabels).toEqual(poolerSelector(POOLER));
    expect(pooler.deployment.name).toBe(POOLER);
    expect(pooler.service.name).toBe(POOLER);
    expect(pooler.serviceAccount.name).toBe(POOLER);
    expect(pooler.podDisruptionBudget?.name).toBe(`${POOLER}-pdb`);
  });

  test('without a namespace the endpoint is the bare Service name', () => {
    // GIVEN / WHEN a chart without namespace
    const { cluster } = buildPooler({}, {}, undefined, POOLER, null);

    // THEN
    expect(cluster.poolerEndpoint?.hostname).toBe(POOLER);
  });

  test('the longest cluster name (51 characters) keeps every pooler name, label value and port name within 63 characters', () => {
    // GIVEN / WHEN (synth validates names, label values and port names)
    const name = `a${'b'.repeat(50)}`;
    const { objects } = buildPooler({ replica: true }, { name }, undefined, `${name}-pooler-repl`);

    // THEN
    const service = named(objects, 'Service', `${name}-pooler-repl`);
    expect(service.spec.ports[0].name).toHaveLength(63);
    expect(service.metadata.labels['connection-pooler']).toHaveLength(63);
  });

  test('construct ids are stable: ConnectionPooler and ReplicaConnectionPooler under the cluster', () => {
    // GIVEN / WHEN
    const { cluster } = buildPooler({ replica: true });

    // THEN
    expect(cluster.node.tryFindChild('ConnectionPooler')).toBe(cluster.connectionPooler);
    expect(cluster.node.tryFindChild('ReplicaConnectionPooler')).toBe(cluster.replicaConnectionPooler);
  });
});
