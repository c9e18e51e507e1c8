import { IConstruct } from 'constructs';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

/** What other constructs (monitoring) read of a `PostgresCluster`. */
export interface IPostgresCluster extends IConstruct {
  /** Cluster name (`SCOPE`). */
  readonly clusterName: string;
  /** Namespace of the cluster's objects, if known at synth time. */
  readonly namespace?: string;
  /** Number of members after the fleet's clamps. */
  readonly instances: number;
  /** Labels that select this cluster's pods. */
  readonly selectorLabels: Record<string, string>;
  /** Sidecars of the database pods in pod order. */
  readonly sidecars: PostgresSidecar[];
}
