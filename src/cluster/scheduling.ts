/**
 * Pod anti-affinity between the members of one cluster (`enable_pod_antiaffinity`,
 * `pod_antiaffinity_preferred_during_scheduling`, `pod_antiaffinity_topology_key`).
 */
export interface PodAntiAffinityOptions {
  /**
   * Whether anti-affinity is rendered; set false to switch off a fleet default.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Preferred (weight 1) instead of required: members may share a node when no other fits.
   * @default false
   */
  readonly preferred?: boolean;
  /**
   * Topology domain members are spread over.
   * @default 'kubernetes.io/hostname'
   */
  readonly topologyKey?: string;
}
