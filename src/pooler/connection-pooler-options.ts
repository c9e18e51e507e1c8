import { Size } from 'cdk8s';
import { ICpuQuantity } from '../cluster/cpu-quantity';

/** The operator's default pooler image (OperatorConfiguration `connection_pooler_image`). */
export const DEFAULT_POOLER_IMAGE = 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1';

/**
 * PgBouncer's `pool_mode` (`connectionPooler.mode`).
 * @see https://www.pgbouncer.org/config.html#pool_mode
 */
export enum PoolMode {
  /** A server connection is released when the client disconnects. */
  SESSION = 'session',
  /** A server connection is released after each transaction (the operator's default). */
  TRANSACTION = 'transaction',
}

/**
 * Requests and limits of the `connection-pooler` container (`connectionPooler.resources`).
 * As the operator, a limit below its request is raised to the request, and the fleet's
 * `resourceThresholds.setMemoryRequestToLimit` applies; the other thresholds are for Postgres only.
 */
export interface PoolerResources {
  /**
   * CPU request.
   * @default - the fleet's pooler `cpuRequest`, else 500m (`connection_pooler_default_cpu_request`)
   */
  readonly cpuRequest?: ICpuQuantity;
  /**
   * CPU limit.
   * @default - the fleet's pooler `cpuLimit`, else 1 (`connection_pooler_default_cpu_limit`)
   */
  readonly cpuLimit?: ICpuQuantity;
  /**
   * Memory request.
   * @default - the fleet's pooler `memoryRequest`, else 100Mi (`connection_pooler_default_memory_request`)
   */
  readonly memoryRequest?: Size;
  /**
   * Memory limit.
   * @default - the fleet's pooler `memoryLimit`, else 100Mi (`connection_pooler_default_memory_limit`)
   */
  readonly memoryLimit?: Size;
}

/**
 * Connection pooler settings a fleet shares (OperatorConfiguration `connection_pooler` and the
 * `enable_*_pooler_load_balancer` and `enable_*_pooler_node_port` options); a cluster's own `connectionPooler` wins
 * field by field.
 */
export interface ConnectionPoolerDefaults {
  /**
   * PgBouncer instances per pooler (`numberOfInstances`, `connection_pooler_number_of_instances`);
   * also the divisor of the pool sizes. At least 1.
   * @default 2
   */
  readonly instances?: number;
  /**
   * Pool mode (`mode`, `connection_pooler_mode`), rendered as `CONNECTION_POOLER_MODE`.
   * @default PoolMode.TRANSACTION
   */
  readonly mode?: PoolMode;
  /**
   * Schema of the `user_lookup` function PgBouncer's `auth_query` calls (`schema`,
   * `connection_pooler_schema`), rendered as `PGSCHEMA`; created in every database by the sync Job.
   * @default 'pooler'
   */
  readonly schema?: string;
  /**
   * The pooler's LOGIN role (`user`, `connection_pooler_user`); its credentials Secret is
   * `<user>.<cluster>.credentials.postgresql.acid.zalan.do`. Not a system, protected or Spilo role.
   * @default 'pooler'
   */
  readonly user?: string;
  /**
   * PgBouncer image (`dockerImage`, `connection_pooler_image`). It must read
   * `/etc/pgbouncer/userlist.txt` and the operator's env vars, as the operator's image does.
   * @default 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1'
   */
  readonly image?: string;
  /**
   * Server connections all instances of one pooler may open per database together
   * (`maxDBConnections`, `connection_pooler_max_db_connections`). Each instance gets
   * `CONNECTION_POOLER_MAX_DB_CONN = maxDBConnections / instances`, `DEFAULT_SIZE` half of that,
   * `MIN_SIZE` and `RESERVE_SIZE` half of `DEFAULT_SIZE` (integer division, as the operator).
   * @default 60
   */
  readonly maxDBConnections?: number;
  /**
   * Requests and limits of the `connection-pooler` container.
   * @default - 500m / 100Mi requests, 1 CPU / 100Mi limits
   */
  readonly resources?: PoolerResources;
  /**
   * Make the primary pooler's Service a LoadBalancer (`enableMasterPoolerLoadBalancer`,
   * `enable_master_pooler_load_balancer`), with the cluster's `loadBalancer.allowedSourceRanges`.
   * @default false
   */
  readonly masterLoadBalancer?: boolean;
  /**
   * Make the replica pooler's Service a LoadBalancer (`enableReplicaPoolerLoadBalancer`,
   * `enable_replica_pooler_load_balancer`), with the cluster's `loadBalancer.allowedSourceRanges`.
   * @default false
   */
  readonly replicaLoadBalancer?: boolean;
  /**
   * Make the primary pooler's Service a NodePort (`enableMasterPoolerNodePort`, `enable_master_pooler_node_port`);
   * wins over `masterLoadBalancer`, as in the operator. The NetworkPolicies admit the cluster's
   * `nodePort.allowedSourceRanges` to the pooler.
   * @default false
   */
  readonly masterNodePort?: boolean;
  /**
   * Make the replica pooler's Service a NodePort (`enableReplicaPoolerNodePort`, `enable_replica_pooler_node_port`);
   * wins over `replicaLoadBalancer`.
   * @default false
   */
  readonly replicaNodePort?: boolean;
}

/**
 * The operator's connection pooler for one cluster (`connectionPooler`, `enableConnectionPooler`,
 * `enableReplicaConnectionPooler`): PgBouncer Deployments `<c>-pooler` in front of the primary and,
 * with `replica`, `<c>-pooler-repl` in front of the replicas. Unset fields come from the fleet.
 */
export interface ConnectionPoolerOptions extends ConnectionPoolerDefaults {
  /**
   * Pooler `<c>-pooler` in front of the primary (`enableConnectionPooler`). `false` with `replica`
   * unset keeps the settings but removes the pooler, as the operator does.
   * @default true
   */
  readonly master?: boolean;
  /**
   * Pooler `<c>-pooler-repl` in front of the replicas (`enableReplicaConnectionPooler`).
   * @default false
   */
  readonly replica?: boolean;
  /**
   * Node port of the primary pooler's Service (`masterPoolerNodePort`); needs the cluster's own
   * `masterNodePort: true`. Checked for 1-65535 only: the API server refuses ports outside its node port range.
   * @default - Kubernetes picks a free port
   */
  readonly masterNodePortNumber?: number;
  /**
   * Node port of the replica pooler's Service (`replicaPoolerNodePort`); needs the cluster's own
   * `replicaNodePort: true`.
   * @default - Kubernetes picks a free port
   */
  readonly replicaNodePortNumber?: number;
}
