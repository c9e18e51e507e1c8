import { Chart, Testing } from 'cdk8s';
import { FleetDefaults, PostgresCluster } from '../../src';
import { byKind, envValue, named, synth } from '../util';
import { build, CLUSTER, L0, L1 } from './fixtures';
import { selectorMatches } from '../validator/selectors';

const MAIN = `postgres-${CLUSTER}-pdb`;
const CRITICAL = `postgres-${CLUSTER}-critical-op-pdb`;
/** What the main budget leaves to the critical-operation budget. */
const NOT_CRITICAL = [{ key: 'critical-operation', operator: 'NotIn', values: ['true'] }];

/** Labels a member can carry: the pod template's, plus what Patroni (role) and Spilo (bootstrap) add at run time. */
function memberLabelCombinations(template: Record<string, string>, roleLabel = 'spilo-role'): Array<Record<string, string>> {
  const roles = [undefined, 'master', 'replica', 'standby_leader'];
  const critical = [undefined, 'true', 'false'];
  return roles.flatMap(role => critical.map(c => ({
    ...template,
    ...(role ? { [roleLabel]: role } : {}),
    ...(c ? { 'critical-operation': c } : {}),
  })));
}

/** Names of the budgets (of `objects`) that select a pod with `labels`. */
const budgetsSelecting = (objects: any[], labels: Record<string, string>) =>
  byKind(objects, 'PodDisruptionBudget').filter(p => selectorMatches(p.spec.selector, labels)).map(p => p.metadata.name);

describe('disruption budgets', () => {
  test('two budgets, with the operator\'s names and L1 labels', () => {
    // GIVEN / WHEN a default cluster
    const { objects } = build();

    // THEN
    expect(byKind(objects, 'PodDisruptionBudget').map(p => p.metadata.name).sort()).toEqual([CRITICAL, MAIN]);
    expect(named(objects, 'PodDisruptionBudget', MAIN).metadata.labels).toEqual(L1);
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).metadata.labels).toEqual(L1);
  });

  test('deviation: the main budget covers every member not in a critical operation, maxUnavailable 1, AlwaysAllow', () => {
    // GIVEN a three-member cluster
    const { objects } = build({ instances: 3 });

    // THEN a drain can always move one member, even the primary (the operator's minAvailable 1 on the primary only
    // would block the drain until an operator moved the primary); an unready member never blocks it
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: L0, matchExpressions: NOT_CRITICAL },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('the main budget is the same for a single member: the pod may be evicted', () => {
    // GIVEN
    const { objects } = build({ instances: 1 });

    // THEN
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec.maxUnavailable).toBe(1);
  });

  test('critical-operation budget as the operator (maxUnavailable 0 on L0 + critical-operation=true), IfHealthyBudget', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN a bootstrapping member is unready by definition: AlwaysAllow would let it be evicted
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec).toEqual({
      maxUnavailable: 0,
      selector: { matchLabels: { ...L0, 'critical-operation': 'true' } },
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
    });
  });

  test('every member is in exactly one budget, whatever its role and bootstrap label', () => {
    // GIVEN the pod template's labels and what Patroni and Spilo add at run time
    const { objects, statefulSet } = build({ instances: 3 });
    const combos = memberLabelCombinations(statefulSet.spec.template.metadata.labels);

    // THEN two selecting budgets would make the Eviction API answer 500 instead of 429
    for (const labels of combos) {
      expect({ labels, budgets: budgetsSelecting(objects, labels) })
        .toEqual({ labels, budgets: [labels['critical-operation'] === 'true' ? CRITICAL : MAIN] });
    }
  });

  test('budgets disabled in the fleet: both exist but protect nothing, no bootstrap labels', () => {
    // GIVEN three members and enable_pod_disruption_budget: false
    const { objects, container, statefulSet } = build({ instances: 3 }, { enablePodDisruptionBudget: false });

    // THEN relaxed as in the operator (minAvailable 0 there; here every member may go), still disjoint
    const main = named(objects, 'PodDisruptionBudget', MAIN).spec;
    expect(main.selector).toEqual({ matchLabels: L0, matchExpressions: NOT_CRITICAL });
    expect(main.maxUnavailable).toBeGreaterThanOrEqual(3);
    expect(main.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec).toEqual({
      maxUnavailable: '100%',
      selector: { matchLabels: { ...L0, 'critical-operation': 'true' } },
      // a relaxed budget needs no healthy member; IfHealthyBudget would still answer 429 for an unready one
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(envValue(container, 'KUBERNETES_BOOTSTRAP_LABELS')).toBeUndefined();
    for (const labels of memberLabelCombinations(statefulSet.spec.template.metadata.labels)) {
      expect(budgetsSelecting(objects, labels)).toHaveLength(1);
    }
  });

  test('budgets enabled: Spilo is told to set the label the critical-operation budget selects', () => {
    // GIVEN / WHEN
    const { objects, container } = build();

    // THEN the bootstrap label makes a member leave the main budget for the critical-operation one
    const bootstrap = JSON.parse(envValue(container, 'KUBERNETES_BOOTSTRAP_LABELS')!);
    expect(bootstrap).toEqual({ 'critical-operation': 'true' });
    expect(selectorMatches(named(objects, 'PodDisruptionBudget', CRITICAL).spec.selector, { ...L1, ...bootstrap })).toBe(true);
    expect(selectorMatches(named(objects, 'PodDisruptionBudget', MAIN).spec.selector, { ...L1, ...bootstrap })).toBe(false);
  });

  test('no members: the critical-operation budget is relaxed, as the operator does for numberOfInstances 0', () => {
    // GIVEN a cluster scaled to zero
    const { objects } = build({ instances: 0 });

    // THEN the main budget keeps its shape (it selects nothing anyway)
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec.maxUnavailable).toBe('100%');
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(named(objects, 'PodDisruptionBudget', MAIN).spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: L0, matchExpressions: NOT_CRITICAL }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('fleet label keys shape the budget selectors, which stay disjoint', () => {
    // GIVEN
    const fleet = { clusterLabels: { application: 'db' }, clusterNameLabel: 'pg-cluster', podRoleLabel: 'role' };
    const { objects, statefulSet } = build({}, fleet);

    // THEN
    const mainSelector = named(objects, 'PodDisruptionBudget', MAIN).spec.selector;
    expect(mainSelector).toEqual({ matchLabels: { 'application': 'db', 'pg-cluster': CLUSTER }, matchExpressions: NOT_CRITICAL });
    expect(named(objects, 'PodDisruptionBudget', CRITICAL).spec.selector.matchLabels)
      .toEqual({ 'application': 'db', 'pg-cluster': CLUSTER, 'critical-operation': 'true' });
    for (const labels of memberLabelCombinations(statefulSet.spec.template.metadata.labels, 'role')) {
      expect(budgetsSelecting(objects, labels)).toEqual([labels['critical-operation'] === 'true' ? CRITICAL : MAIN]);
    }
  });

  test('two clusters in one namespace: no member is selected by a budget of the other', () => {
    // GIVEN clusters whose names share a prefix
    const c = new Chart(Testing.app(), 'test', { namespace: 'db' });
    const fleet = new FleetDefaults({});
    new PostgresCluster(c, 'acid-a', { teamId: 'acid', fleet });
    new PostgresCluster(c, 'acid-a-b', { teamId: 'acid', fleet });
    const objects = synth(c);

    // THEN
    for (const sts of byKind(objects, 'StatefulSet')) {
      for (const labels of memberLabelCombinations(sts.spec.template.metadata.labels)) {
        const budgets = budgetsSelecting(objects, labels);
        expect(budgets).toHaveLength(1);
        expect(budgets[0]).toMatch(new RegExp(`^postgres-${sts.metadata.name}-`));
      }
    }
  });

  test('exposed as properties', () => {
    // GIVEN / WHEN
    const { cluster } = build();

    // THEN
    expect(cluster.podDisruptionBudget.name).toBe(MAIN);
    expect(cluster.criticalOperationPodDisruptionBudget.name).toBe(CRITICAL);
  });
});
