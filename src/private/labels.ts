/**
 * Label sets as the operator builds them.
 *
 * - selector set (L0): cluster labels + `<clusterNameLabel>: <c>`; used in selectors, so it never changes.
 * - object set (L1): L0 + `team` + inherited labels; metadata of objects and pod templates.
 */
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

/** Labels a GitOps tool uses to track what it owns; Patroni would copy them onto its ConfigMaps. */
export const GITOPS_TRACKING_LABELS = [
  'app.kubernetes.io/instance',
  'argocd.argoproj.io/instance',
  'kustomize.toolkit.fluxcd.io/name',
  'kustomize.toolkit.fluxcd.io/namespace',
  'helm.toolkit.fluxcd.io/name',
  'helm.toolkit.fluxcd.io/namespace',
];
