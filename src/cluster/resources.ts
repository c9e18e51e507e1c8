import { Size } from 'cdk8s';
import { ICpuQuantity } from './cpu-quantity';

/**
 * Requests and limits of the `postgres` container.
 *
 * Spilo sizes `shared_buffers` (limit / 5) and the initial `max_connections` (limit / 30,
 * 100 to 1000) from the memory limit.
 */
export interface PostgresResources {
  /**
   * CPU request.
   * @default - the fleet's `defaultCpuRequest` (100m)
   */
  readonly cpuRequest?: ICpuQuantity;
  /**
   * CPU limit.
   * @default - the fleet's `defaultCpuLimit` (1)
   */
  readonly cpuLimit?: ICpuQuantity;
  /**
   * Memory request.
   * @default - the fleet's `defaultMemoryRequest` (100Mi)
   */
  readonly memoryRequest?: Size;
  /**
   * Memory limit.
   * @default - the fleet's `defaultMemoryLimit` (500Mi)
   */
  readonly memoryLimit?: Size;
  /**
   * `hugepages-2Mi` request and limit (Kubernetes requires both to be equal).
   * @default - none
   */
  readonly hugepages2Mi?: Size;
  /**
   * `hugepages-1Gi` request and limit (Kubernetes requires both to be equal).
   * @default - none
   */
  readonly hugepages1Gi?: Size;
}

/**
 * The operator's resource thresholds (OperatorConfiguration `postgres_pod_resources`).
 * Applied to the `postgres` container in the operator's order: raise limits to the minimums,
 * raise limits to the requests, optionally set the memory request to the limit, cap requests.
 */
export interface ResourceThresholds {
  /**
   * Limits below this are raised to it.
   * @default - no minimum
   */
  readonly minCpuLimit?: ICpuQuantity;
  /**
   * Limits below this are raised to it.
   * @default - no minimum
   */
  readonly minMemoryLimit?: Size;
  /**
   * Requests above this are lowered to it.
   * @default - no maximum
   */
  readonly maxCpuRequest?: ICpuQuantity;
  /**
   * Requests above this are lowered to it.
   * @default - no maximum
   */
  readonly maxMemoryRequest?: Size;
  /**
   * Set the memory request equal to the memory limit.
   * @default false
   */
  readonly setMemoryRequestToLimit?: boolean;
}
