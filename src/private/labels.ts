/**
 * Label sets as the operator builds them.
 *
 * - selector set (L0): cluster labels + `<clusterNameLabel>: <c>`; used in selectors, so it never changes.
 * - object set (L1): L0 + `team` + inherited labels; metadata of objects and pod templates.
 */
/** Set by Spilo (KUBERNETES_BOOTSTRAP_LABELS) on a member while it is bootstrapped; the critical-operation budget selects it. */
export const CRITICAL_OPERATION_LABEL = 'critical-operation';

export interface ClusterLabelKeys {
  readonly clusterLabels: Record<string, string>;
  readonly clusterNameLabel: string;
  readonly podRoleLabel: string;
}

/** What every object a cluster emits carries: its labels, its pods' selector, its annotations and the label keys. */
export interface ClusterMetadata {
  /** The cluster's object labels (L1). */
  readonly labels: Record<string, string>;
  /** The cluster's selector labels (L0). */
  readonly selector: Record<string, string>;
  /** The cluster's inherited annotations. */
  readonly annotations: Record<string, string>;
  readonly keys: Pick<ClusterLabelKeys, 'clusterNameLabel' | 'podRoleLabel'>;
}

export function selectorLabels(keys: ClusterLabelKeys, cluster: string): Record<string, string> {
  return { ...keys.clusterLabels, [keys.clusterNameLabel]: cluster };
}

export function objectLabels(
  keys: ClusterLabelKeys, cluster: string, team: string, extra: Record<string, string>,
): Record<string, string> {
  // Extra labels come first so they can never override the selector labels or team.
  return { ...extra, ...selectorLabels(keys, cluster), team };
}

/**
 * Labels for the pods of a cluster's Jobs: its object labels, changed so that they never match its selector. A
 * matching pod is taken for a member by Patroni (it lists the cluster's pods by these labels and keeps a
 * replication slot for each, so WAL would be retained for good) and is counted by the disruption budgets (which
 * cannot compute their status for Job pods and then allow no eviction at all). As the operator does for its
 * logical-backup pods, `application` gets a value of its own; a selector without `application` loses its
 * cluster-name label instead.
 */
export function jobPodLabels(
  labels: Record<string, string>, selector: Record<string, string>, clusterNameLabel: string, application: string,
): Record<string, string> {
  if ('application' in selector) return { ...labels, application };
  const { [clusterNameLabel]: _omitted, ...rest } = labels;
  return rest;
}

/** Labels a GitOps tool uses to track what it owns; Patroni would copy them onto its ConfigMaps. */
export const GITOPS_TRACKING_LABELS = [
  'app.kubernetes.io/instance',
  'argocd.argoproj.io/instance',
  'kustomize.toolkit.fluxcd.io/name',
  'kustomize.toolkit.fluxcd.io/namespace',
  'helm.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/namespace',
];

/**
 * The `passwordRotation` label: on a credentials Secret, the label its password was made for; on the pod template of
 * a Job or pod that reads a rotated password, so that a new label re-runs or restarts it.
 */
export const PASSWORD_ROTATION_ANNOTATION = 'cdk8s-postgres/password-rotation';
