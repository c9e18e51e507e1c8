/** `externalTrafficPolicy` of a load-balancer or NodePort Service. */
export enum ExternalTrafficPolicy {
  /** Traffic may be forwarded between nodes (source IP is lost). */
  CLUSTER = 'Cluster',
  /** Traffic stays on the receiving node (source IP is kept). */
  LOCAL = 'Local',
}

/**
 * Load-balancer Services for the primary (`<c>`) and the replicas (`<c>-repl`)
 * (`enableMasterLoadBalancer`, `enableReplicaLoadBalancer`, `allowedSourceRanges`).
 */
export interface LoadBalancerOptions {
  /**
   * Make the primary Service `<c>` a LoadBalancer.
   * @default false
   */
  readonly master?: boolean;
  /**
   * Make the replica Service `<c>-repl` a LoadBalancer.
   * @default false
   */
  readonly replica?: boolean;
  /**
   * CIDRs allowed to connect (`loadBalancerSourceRanges`).
   * @default ['127.0.0.1/32'] - closed, as the operator does when no ranges are given
   */
  readonly allowedSourceRanges?: string[];
  /**
   * External traffic policy of the load balancers and of the NodePort Services (`nodePort`), database and pooler.
   * @default - the fleet's `externalTrafficPolicy` (Cluster)
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}
