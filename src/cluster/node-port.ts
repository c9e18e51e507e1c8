/**
 * NodePort Services a fleet turns on for every cluster (`enable_master_node_port`, `enable_replica_node_port`);
 * a cluster's own `nodePort` fields win one by one.
 */
export interface NodePortDefaults {
  /**
   * Make the primary Service `<c>` a NodePort (`enableMasterNodePort`, `enable_master_node_port`). As in the
   * operator, it wins over `loadBalancer.master`: no source ranges and no external-dns hostname, the
   * `externalTrafficPolicy` of the load balancers.
   * @default false
   */
  readonly master?: boolean;
  /**
   * Make the replica Service `<c>-repl` a NodePort (`enableReplicaNodePort`, `enable_replica_node_port`); wins over
   * `loadBalancer.replica`.
   * @default false
   */
  readonly replica?: boolean;
  /**
   * CIDRs the cluster's NetworkPolicies admit to port 5432 of the pods behind its NodePort Services (the members,
   * or a pooler with `connectionPooler.masterNodePort`). Kubernetes has no source ranges for NodePort Services, so
   * only the policies narrow who connects. With `externalTrafficPolicy` Cluster the pods see the address of the node
   * that forwarded the connection; with Local, the client's.
   * @default ['0.0.0.0/0', '::/0'] - every address, as the node port itself is open to whoever reaches a node
   */
  readonly allowedSourceRanges?: string[];
}

/**
 * NodePort Services for the primary (`<c>`) and the replicas (`<c>-repl`): the operator's `enableMasterNodePort`,
 * `masterNodePort`, `enableReplicaNodePort`, `replicaNodePort`. The poolers' are `connectionPooler.masterNodePort`
 * and `connectionPooler.replicaNodePort`.
 */
export interface NodePortOptions extends NodePortDefaults {
  /**
   * Node port of the primary Service (`masterNodePort`); needs the cluster's own `master: true`. The API server
   * refuses a port outside its `--service-node-port-range` (30000-32767 unless changed) or already taken; the
   * library checks only 1-65535, as it cannot know the range.
   * @default - Kubernetes picks a free port
   */
  readonly masterPort?: number;
  /**
   * Node port of the replica Service (`replicaNodePort`); needs the cluster's own `replica: true`.
   * @default - Kubernetes picks a free port
   */
  readonly replicaPort?: number;
}
