import { byKind, envValue, named } from '../util';
import { build, CLUSTER, L0, L1 } from './fixtures';

const MAIN = `postgres-${CLUSTER}-pdb`;
const CRITICAL = `postgres-${CLUSTER}-critical-op-pdb`;

describe('disruption budgets', () => {
  test('two budgets, with the operator\'s names and L1 labels', () => {
    // GIVEN / WHEN a default cluster
    const { objects } = build();

    // THEN
    expect(byKind(objects, 'PodDisruptionBudget').map(p => p.metadata.name).sort()).toEqual([CRITICAL, MAIN]);
    expect(named(objects, 'PodDisruptionBudget', MAIN).metadata.labels).toEqual(L1);
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).metadata.labels).toEqual(L1);
  });

  test('deviation: the main budget covers all members (L0, no spilo-role) with maxUnavailable 1', () => {
    // GIVEN a three-member cluster
    const { objects } = build({ instances: 3 });

    // THEN a drain can always move one member, even the primary (the operator's minAvailable 1 on the
    // primary only would block the drain until an operator moved the primary)
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: L0 } });
  });

  test('the main budget is the same for a single member: the pod may be evicted', () => {
    // GIVEN
    const { objects } = build({ instances: 1 });

    // THEN
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec.maxUnavailable).toBe(1);
  });

  test('critical-operation budget as the operator: maxUnavailable 0 on L0 + critical-operation=true', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec).toEqual({
      maxUnavailable: 0, selector: { matchLabels: { ...L0, 'critical-operation': 'true' } },
    });
  });

  test('budgets disabled in the fleet: both exist but protect nothing, no bootstrap labels', () => {
    // GIVEN three members and enable_pod_disruption_budget: false
    const { objects, container } = build({ instances: 3 }, { enablePodDisruptionBudget: false });

    // THEN relaxed as in the operator (minAvailable 0 there; here every member may go)
    const main = named(objects, 'PodDisruptionBudget', MAIN).spec;
    expect(main.selector).toEqual({ matchLabels: L0 });
    expect(main.maxUnavailable).toBeGreaterThanOrEqual(3);
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec).toEqual({
      maxUnavailable: '100%', selector: { matchLabels: { ...L0, 'critical-operation': 'true' } },
    });
    expect(envValue(container, 'KUBERNETES_BOOTSTRAP_LABELS')).toBeUndefined();
  });

  test('no members: the critical-operation budget is relaxed, as the operator does for numberOfInstances 0', () => {
    // GIVEN a cluster scaled to zero
    const { objects } = build({ instances: 0 });

    // THEN
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec.maxUnavailable).toBe('100%');
  });

  test('fleet label keys shape the budget selectors', () => {
    // GIVEN
    const { objects } = build({}, { clusterLabels: { application: 'db' }, clusterNameLabel: 'pg-cluster' });

    // THEN
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec.selector.matchLabels).toEqual({ 'application': 'db', 'pg-cluster': CLUSTER });
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec.selector.matchLabels)
      .toEqual({ 'application': 'db', 'pg-cluster': CLUSTER, 'critical-operation': 'true' });
  });

  test('exposed as properties', () => {
    // GIVEN / WHEN
    const { cluster } = build();

    // THEN
    expect(cluster.podDisruptionBudget.name).toBe(MAIN);
    expect(cluster.criticalOperationPodDisruptionBudget.name).toBe(CRITICAL);
  });
});
