import { ExternalTrafficPolicy } from '../../src';
import { byKind, clusterObjects, named } from '../util';
import { build, CLUSTER, L0, L1, NAMESPACE } from './fixtures';

const primary = (objects: any[]) => named(objects, 'Service', CLUSTER);
const replica = (objects: any[]) => named(objects, 'Service', `${CLUSTER}-repl`);

describe('database Services', () => {
  test('ConfigMaps DCS mode: both Services have selectors, one unnamed-target port 5432 named postgresql', () => {
    // GIVEN / WHEN a default cluster
    const { objects } = build();

    // THEN as the operator with kubernetes_use_configmaps: true (§3.2 rows 3-4)
    expect(primary(objects).spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'postgresql', port: 5432, targetPort: 5432 }],
      selector: { ...L0, 'spilo-role': 'master' },
    });
    expect(replica(objects).spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'postgresql', port: 5432, targetPort: 5432 }],
      selector: { ...L0, 'spilo-role': 'replica' },
    });
  });

  test('labels are L1 plus the role', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN
    expect(primary(objects).metadata.labels).toEqual({ ...L1, 'spilo-role': 'master' });
    expect(replica(objects).metadata.labels).toEqual({ ...L1, 'spilo-role': 'replica' });
  });

  test('no Endpoints object: Patroni would own it', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN (nor any of the ConfigMaps Patroni keeps its state in; the cluster's own two have other names)
    expect(byKind(objects, 'Endpoints')).toEqual([]);
    expect(byKind(clusterObjects(objects), 'ConfigMap').map(o => o.metadata.name).sort())
      .toEqual([expect.stringMatching(new RegExp(`^${CLUSTER}-dcs-[0-9a-f]{6}$`)), `${CLUSTER}-spilo-configuration`]);
    const patroni = named(objects, 'Role', `${CLUSTER}-postgres-pod`).rules.find((r: any) => r.resources.includes('configmaps') && r.resourceNames);
    expect(patroni.resourceNames).toEqual([`${CLUSTER}-leader`, `${CLUSTER}-config`, `${CLUSTER}-sync`, `${CLUSTER}-failover`]);
  });

  test('no annotations by default', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN
    expect(primary(objects).metadata.annotations).toBeUndefined();
    expect(replica(objects).metadata.annotations).toBeUndefined();
  });

  test('annotation precedence: fleet serviceAnnotations < cluster serviceAnnotations < role-specific annotations', () => {
    // GIVEN annotations at every level
    const { objects } = build({
      serviceAnnotations: { 'svc.example.com/a': 'cluster', 'svc.example.com/b': 'cluster' },
      masterServiceAnnotations: { 'svc.example.com/b': 'master' },
      replicaServiceAnnotations: { 'svc.example.com/c': 'replica' },
    }, { serviceAnnotations: { 'svc.example.com/a': 'fleet', 'svc.example.com/f': 'fleet' } });

    // THEN master/replica annotations override only their own Service
    expect(primary(objects).metadata.annotations).toEqual({
      'svc.example.com/a': 'cluster', 'svc.example.com/b': 'master', 'svc.example.com/f': 'fleet',
    });
    expect(replica(objects).metadata.annotations).toEqual({
      'svc.example.com/a': 'cluster', 'svc.example.com/b': 'cluster', 'svc.example.com/c': 'replica', 'svc.example.com/f': 'fleet',
    });
  });

  test('inherited-style annotations reach the Services, below serviceAnnotations', () => {
    // GIVEN
    const { objects } = build({ annotations: { 'x.example.com/k': 'all' }, serviceAnnotations: { 'x.example.com/k': 'svc' } });

    // THEN
    expect(primary(objects).metadata.annotations).toEqual({ 'x.example.com/k': 'svc' });
  });
});

describe('load balancers', () => {
  test('master LB: type LoadBalancer, source ranges default to 127.0.0.1/32, externalTrafficPolicy Cluster', () => {
    // GIVEN a master load balancer without source ranges
    const { objects } = build({ loadBalancer: { master: true } });

    // THEN closed by default, as the operator's configureLoadBalanceService
    expect(primary(objects).spec).toMatchObject({
      type: 'LoadBalancer', loadBalancerSourceRanges: ['127.0.0.1/32'], externalTrafficPolicy: 'Cluster',
    });
    expect(replica(objects).spec.type).toBe('ClusterIP');
    expect(replica(objects).spec.loadBalancerSourceRanges).toBeUndefined();
  });

  test('replica LB only', () => {
    // GIVEN
    const { objects } = build({ loadBalancer: { replica: true } });

    // THEN
    expect(primary(objects).spec.type).toBe('ClusterIP');
    expect(replica(objects).spec.type).toBe('LoadBalancer');
    expect(replica(objects).spec.loadBalancerSourceRanges).toEqual(['127.0.0.1/32']);
  });

  test('allowedSourceRanges go to every LB Service', () => {
    // GIVEN IPv4 and IPv6 ranges
    const ranges = ['10.0.0.0/8', '192.168.1.0/24', '2001:db8::/32'];
    const { objects } = build({ loadBalancer: { master: true, replica: true, allowedSourceRanges: ranges } });

    // THEN
    expect(primary(objects).spec.loadBalancerSourceRanges).toEqual(ranges);
    expect(replica(objects).spec.loadBalancerSourceRanges).toEqual(ranges);
  });

  test('externalTrafficPolicy: the fleet\'s applies, the cluster wins', () => {
    // GIVEN a fleet with Local and a cluster choosing Cluster again
    const fleetLocal = build({ loadBalancer: { master: true } }, { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }).objects;
    const clusterOverride = build(
      { loadBalancer: { master: true, externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER } },
      { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    ).objects;

    // THEN
    expect(primary(fleetLocal).spec.externalTrafficPolicy).toBe('Local');
    expect(primary(clusterOverride).spec.externalTrafficPolicy).toBe('Cluster');
  });

  test('external-dns hostname: {cluster}.{namespace}.{zone} plus the legacy {name-without-team}.{team}.{zone}', () => {
    // GIVEN a cluster named <team>-<name> with both LBs and a hosted zone
    const { objects } = build({ loadBalancer: { master: true, replica: true } }, { dbHostedZone: 'db.example.com' });

    // THEN as the operator's dnsName() with its default formats (§2.6)
    expect(primary(objects).metadata.annotations).toEqual({
      'external-dns.alpha.kubernetes.io/hostname': `${CLUSTER}.${NAMESPACE}.db.example.com,test.acid.db.example.com`,
    });
    expect(replica(objects).metadata.annotations).toEqual({
      'external-dns.alpha.kubernetes.io/hostname': `${CLUSTER}-repl.${NAMESPACE}.db.example.com,test-repl.acid.db.example.com`,
    });
  });

  test('external-dns hostname without legacy name when the cluster name does not start with the team', () => {
    // GIVEN a cluster whose name does not carry the team prefix
    const { objects } = build({ name: 'orders', loadBalancer: { master: true } }, { dbHostedZone: 'db.example.com' });

    // THEN only the new-style name
    expect(named(objects, 'Service', 'orders').metadata.annotations['external-dns.alpha.kubernetes.io/hostname'])
      .toBe(`orders.${NAMESPACE}.db.example.com`);
  });

  test('external-dns hostname: the team prefix matches case-insensitively and names are lower-cased', () => {
    // GIVEN an upper-case team id (a valid label value)
    const { objects } = build({ teamId: 'ACID', loadBalancer: { master: true } }, { dbHostedZone: 'DB.Example.com' });

    // THEN as ExtractClusterName + strings.ToLower
    expect(primary(objects).metadata.annotations['external-dns.alpha.kubernetes.io/hostname'])
      .toBe(`${CLUSTER}.${NAMESPACE}.db.example.com,test.acid.db.example.com`);
  });

  test('the external-dns annotation is added last and cannot be overridden', () => {
    // GIVEN a user annotation with the same key
    const { objects } = build({
      loadBalancer: { master: true },
      masterServiceAnnotations: { 'external-dns.alpha.kubernetes.io/hostname': 'mine.example.com', 'a.example.com/x': 'y' },
    }, { dbHostedZone: 'db.example.com' });

    // THEN
    expect(primary(objects).metadata.annotations).toEqual({
      'external-dns.alpha.kubernetes.io/hostname': `${CLUSTER}.${NAMESPACE}.db.example.com,test.acid.db.example.com`,
      'a.example.com/x': 'y',
    });
  });

  test('no external-dns annotation on ClusterIP Services or without a hosted zone', () => {
    // GIVEN a zone but no LB, and an LB but no zone
    const noLb = build({}, { dbHostedZone: 'db.example.com' }).objects;
    const noZone = build({ loadBalancer: { master: true } }).objects;

    // THEN
    expect(primary(noLb).metadata.annotations).toBeUndefined();
    expect(primary(noZone).metadata.annotations).toBeUndefined();
  });
});
