import { PostgresCluster, PostgresVersion } from '../../src';
import { chart, clusterObjects, isNamespaceShared, isSharedScripts, named, synth } from '../util';
import { build, CLUSTER, L0, NAMESPACE } from './fixtures';

describe('PostgresCluster', () => {
  test('defaults', () => {
    // GIVEN a cluster with only a team id
    const c = chart();
    new PostgresCluster(c, 'acid-minimal-cluster', { teamId: 'acid' });

    // WHEN synthesized (and validated)
    // THEN
    expect(synth(c)).toMatchSnapshot();
  });

  test('exposes what other constructs need', () => {
    // GIVEN / WHEN a default cluster
    const { cluster, statefulSet, objects } = build();

    // THEN
    expect(cluster.clusterName).toBe(CLUSTER);
    expect(cluster.namespace).toBe(NAMESPACE);
    expect(cluster.teamId).toBe('acid');
    expect(cluster.instances).toBe(1);
    expect(cluster.version).toBe(PostgresVersion.V18);
    expect(cluster.selectorLabels).toEqual(L0);
    expect(cluster.statefulSet.name).toBe(statefulSet.metadata.name);
    expect(cluster.primaryService.name).toBe(named(objects, 'Service', CLUSTER).metadata.name);
    expect(cluster.replicaService.name).toBe(`${CLUSTER}-repl`);
  });

  test('one member by default; instances as given', () => {
    // GIVEN / WHEN / THEN
    expect(build().statefulSet.spec.replicas).toBe(1);
    expect(build({ instances: 3 }).statefulSet.spec.replicas).toBe(3);
    expect(build({ instances: 0 }).statefulSet.spec.replicas).toBe(0);
  });

  test('instances are clamped by the fleet\'s minInstances and maxInstances', () => {
    // GIVEN a fleet allowing 2 to 4 members
    const fleet = { minInstances: 2, maxInstances: 4 };

    // WHEN / THEN below, inside and above the range
    expect(build({ instances: 1 }, fleet).statefulSet.spec.replicas).toBe(2);
    expect(build({ instances: 3 }, fleet).statefulSet.spec.replicas).toBe(3);
    expect(build({ instances: 7 }, fleet).statefulSet.spec.replicas).toBe(4);
    expect(build({ instances: 7 }, fleet).cluster.instances).toBe(4);
  });

  test('-1 means no bound, as in the operator', () => {
    // GIVEN
    const { statefulSet } = build({ instances: 9 }, { minInstances: -1, maxInstances: -1 });

    // THEN
    expect(statefulSet.spec.replicas).toBe(9);
  });

  test('a maximum alone caps; a minimum alone raises', () => {
    // GIVEN / WHEN / THEN
    expect(build({ instances: 5 }, { maxInstances: 3 }).statefulSet.spec.replicas).toBe(3);
    expect(build({ instances: 0 }, { minInstances: 1 }).statefulSet.spec.replicas).toBe(1);
  });

  test('version defaults to the operator\'s current default, 18', () => {
    // GIVEN / WHEN
    const { cluster } = build();

    // THEN
    expect(cluster.version.major).toBe('18');
  });

  test('PostgresVersion lists the supported majors', () => {
    // GIVEN / WHEN / THEN
    expect(PostgresVersion.SUPPORTED).toEqual(['13', '14', '15', '16', '17', '18']);
    expect(PostgresVersion.of('16').major).toBe('16');
  });

  test('two clusters in one chart do not collide', () => {
    // GIVEN
    const c = chart();
    new PostgresCluster(c, 'acid-one', { teamId: 'acid' });
    new PostgresCluster(c, 'acid-two', { teamId: 'acid', instances: 2 });

    // WHEN
    const objects = synth(c);

    // THEN 9 database objects (with the SPILO_CONFIGURATION ConfigMap), 4 credentials objects, 5 dynamic
    // configuration objects and 2 NetworkPolicies each, 4 rollout objects for the one with two instances, every name
    // once, and one shared scripts ConfigMap and one hooks ConfigMap for both
    expect(clusterObjects(objects)).toHaveLength(44);
    expect(objects.filter(isSharedScripts)).toHaveLength(1);
    expect(objects.filter(isNamespaceShared)).toHaveLength(2);
    expect(new Set(objects.map(o => `${o.kind}/${o.metadata.name}`)).size).toBe(46);
    expect(named(objects, 'StatefulSet', 'acid-two').spec.replicas).toBe(2);
  });
});
