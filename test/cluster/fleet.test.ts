import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { FleetDefaults, PostgresCluster } from '../../src';
import { byKind, envValue, isSharedScripts, named, postgresContainer, synth } from '../util';

/**
 * GIVEN one FleetDefaults shared by two clusters: `orders` in the chart's namespace `team-a`, and
 * `billing` in the explicit namespace `team-b`, each overriding something.
 */
function twoClusters() {
  const fleet = new FleetDefaults({
    image: 'registry.example.com/spilo-18:4.1-p2',
    labels: { 'cost-center': 'platform' },
    podAntiAffinity: { preferred: true },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    resources: { cpuRequest: Cpu.millis(500), memoryRequest: Size.gibibytes(1), cpuLimit: Cpu.units(2), memoryLimit: Size.gibibytes(2) },
    podPriorityClassName: 'db-normal',
  });
  const chart = new Chart(Testing.app(), 'fleet', { namespace: 'team-a' });
  new PostgresCluster(chart, 'orders', { teamId: 'team-a', fleet, instances: 2, resources: { memoryLimit: Size.gibibytes(4) } });
  new PostgresCluster(chart, 'billing', {
    teamId: 'team-b',
    fleet,
    namespace: 'team-b',
    instances: 3,
    image: 'registry.example.com/spilo-17:4.0-p3',
    tolerations: [],
    priorityClassName: 'db-critical',
  });
  // WHEN synthesized (and validated together)
  return { fleet, objects: synth(chart) };
}

const inNamespace = (objects: any[], ns: string) => objects.filter(o => o.metadata.namespace === ns);

describe('fleet defaults shared by two clusters in two namespaces', () => {
  test('each cluster lands in its own namespace', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();

    // THEN twenty-two objects each (nine for the database with its SPILO_CONFIGURATION ConfigMap, four for the
    // credentials Job, four for the rollout Job that two instances get, five for the dynamic configuration Job),
    // nothing elsewhere
    // 22 objects of each cluster and the namespace's shared scripts and hooks ConfigMaps
    expect(inNamespace(objects, 'team-a')).toHaveLength(24);
    expect(inNamespace(objects, 'team-b')).toHaveLength(24);
    expect(inNamespace(objects, 'team-a').filter(isSharedScripts)).toHaveLength(1);
    expect(objects).toHaveLength(48);
    expect(named(objects, 'StatefulSet', 'orders').metadata.namespace).toBe('team-a');
    expect(named(objects, 'StatefulSet', 'billing').metadata.namespace).toBe('team-b');
  });

  test('each cluster is self-contained: its own ServiceAccount, Role and RoleBinding, no cross-namespace subject', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();

    // THEN
    for (const [cluster, ns] of [['orders', 'team-a'], ['billing', 'team-b']]) {
      const local = inNamespace(objects, ns);
      for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
        expect(byKind(local, kind).map(o => o.metadata.name).sort())
          .toEqual([`${cluster}-credentials`, `${cluster}-dcs`, `${cluster}-postgres-pod`, `${cluster}-rollout`]);
      }
      for (const sa of [`${cluster}-postgres-pod`, `${cluster}-credentials`, `${cluster}-rollout`, `${cluster}-dcs`]) {
        const binding = named(local, 'RoleBinding', sa);
        expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: ns }]);
        expect(binding.roleRef.kind).toBe('Role');
      }
      expect(named(local, 'StatefulSet', cluster).spec.template.spec.serviceAccountName).toBe(`${cluster}-postgres-pod`);
    }
    expect(byKind(objects, 'ClusterRole')).toEqual([]);
    expect(byKind(objects, 'ClusterRoleBinding')).toEqual([]);
  });

  test('shared values reach both clusters', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();

    // THEN fleet labels, anti-affinity and resources where not overridden
    for (const cluster of ['orders', 'billing']) {
      const sts = named(objects, 'StatefulSet', cluster);
      expect(sts.metadata.labels['cost-center']).toBe('platform');
      expect(sts.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
      expect(postgresContainer(sts).resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    }
  });

  test('each cluster\'s overrides apply to that cluster only', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();
    const orders = named(objects, 'StatefulSet', 'orders');
    const billing = named(objects, 'StatefulSet', 'billing');

    // THEN orders: fleet image, tolerations and priority class, own memory limit
    expect(postgresContainer(orders).image).toBe('registry.example.com/spilo-18:4.1-p2');
    expect(postgresContainer(orders).resources.limits).toEqual({ cpu: '2', memory: '4Gi' });
    expect(orders.spec.template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }]);
    expect(orders.spec.template.spec.priorityClassName).toBe('db-normal');
    // AND billing: own image, no tolerations, own priority class, fleet limits
    expect(postgresContainer(billing).image).toBe('registry.example.com/spilo-17:4.0-p3');
    expect(postgresContainer(billing).resources.limits).toEqual({ cpu: '2', memory: '2Gi' });
    expect(billing.spec.template.spec.tolerations).toBeUndefined();
    expect(billing.spec.template.spec.priorityClassName).toBe('db-critical');
  });

  test('team and SCOPE are per cluster', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();

    // THEN
    expect(named(objects, 'StatefulSet', 'orders').metadata.labels.team).toBe('team-a');
    expect(named(objects, 'StatefulSet', 'billing').metadata.labels.team).toBe('team-b');
    expect(envValue(postgresContainer(named(objects, 'StatefulSet', 'billing')), 'SCOPE')).toBe('billing');
  });

  test('credential Secret references stay in each cluster\'s namespace', () => {
    // GIVEN / WHEN
    const { objects } = twoClusters();

    // THEN the pods reference Secrets by name only, resolved in their own namespace
    const refs = postgresContainer(named(objects, 'StatefulSet', 'billing')).env
      .filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.valueFrom.secretKeyRef.name);
    expect(refs).toEqual(['postgres.billing.credentials.postgresql.acid.zalan.do', 'standby.billing.credentials.postgresql.acid.zalan.do', 'billing-patroni-api', 'billing-patroni-api']);
  });

  test('the shared object is not modified by the clusters', () => {
    // GIVEN / WHEN
    const { fleet } = twoClusters();

    // THEN
    expect(fleet.settings.tolerations).toHaveLength(1);
    expect(fleet.settings.labels).toEqual({ 'cost-center': 'platform' });
  });
});
