import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterIdentity } from '../model/resolved-cluster';
import { typedKubeObject } from '../private/kube-object';
import { CRITICAL_OPERATION_LABEL } from '../private/labels';
import { names } from '../private/names';

/**
 * The two disruption budgets `postgres-<c>-pdb` and `postgres-<c>-critical-op-pdb`. Every member is in
 * exactly one of them: the critical-operation budget takes the members Spilo labels while it bootstraps them.
 */
export function renderDisruptionBudgets(scope: Construct, c: ClusterIdentity, instances: number, enabled: boolean) {
  const metadata = (name: string) => ({
    name, namespace: c.namespace, labels: c.labels, ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}),
  });
  // Typed classes (public fields) that render as plain ApiObjects: the same manifests, rendered faster.
  const main = typedKubeObject(k8s.KubePodDisruptionBudget, scope, 'PodDisruptionBudget', metadata(names.podDisruptionBudget(c.name)), {
    // Deviation: the operator's primary-only budget blocks drains until an operator moves the primary.
    // Members in a critical operation are left to the other budget: the Eviction API answers 500, not 429,
    // for a pod that two budgets select, and drains stop instead of retrying.
    spec: {
      maxUnavailable: enabled ? 1 : Math.max(instances, 1),
      // NotIn also selects members without the label: every member is in exactly one of the two budgets.
      selector: { matchLabels: c.selector, matchExpressions: [{ key: CRITICAL_OPERATION_LABEL, operator: 'NotIn', values: ['true'] }] },
      // A member that is not Ready serves nobody; it must not block a drain.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
  const protecting = enabled && instances > 0;
  const critical = typedKubeObject(k8s.KubePodDisruptionBudget, scope, 'CriticalOperationPodDisruptionBudget',
    metadata(names.criticalOperationPdb(c.name)), {
      // The operator relaxes it when budgets are disabled or the cluster has no members.
      spec: {
        maxUnavailable: protecting ? 0 : '100%',
        selector: { matchLabels: { ...c.selector, [CRITICAL_OPERATION_LABEL]: 'true' } },
        // Spelled out: a member being bootstrapped is not Ready by definition, and must stay protected. A relaxed
        // budget needs no healthy member, and IfHealthyBudget would still refuse an unready one (429).
        unhealthyPodEvictionPolicy: protecting ? 'IfHealthyBudget' : 'AlwaysAllow',
      },
    });
  return { main, critical };
}
