/*
 * Resolved NetworkPolicies: which pods of the cluster talk to which, and where they may send outside it.
 */
import { PostgresClient } from '../cluster/postgres-client';

/** A label selector as a NetworkPolicy writes it. */
export interface PodLabelSelector {
  readonly matchLabels: Record<string, string>;
  readonly matchExpressions?: { readonly key: string; readonly operator: string; readonly values?: string[] }[];
}

/** Egress to TCP ports at some addresses (any when `cidrs` is unset). */
export interface EgressTarget {
  readonly ports: number[];
  readonly cidrs?: string[];
  /** The cloud's metadata service too: the pods get their storage credentials there (node or GKE workload identity). */
  readonly metadataService?: boolean;
}

export interface ResolvedNetworkPolicies {
  /** Every Job and CronJob pod of the cluster (the `<c>-jobs` policy). */
  readonly jobs: PodLabelSelector;
  /** The Jobs that connect to PostgreSQL (sync, dynamic configuration, logical backup). */
  readonly postgresJobs: PodLabelSelector;
  /** The Jobs that call Patroni's REST API (dynamic configuration, rollout). */
  readonly patroniJobs: PodLabelSelector;
  /** Clients of every cluster of the fleet and of this cluster's props; `allowFrom()` adds more at synth. */
  readonly clients: PostgresClient[];
  readonly monitoringClients: PostgresClient[];
  readonly apiServer: EgressTarget;
  /** The members' WAL archive, log, clone and standby storage, when they use any. */
  readonly memberStorage?: EgressTarget;
  /** The logical backup's storage. */
  readonly jobStorage?: EgressTarget;
  /** Ports of the clone and standby sources reached by host (basebackup, streaming), at any address. */
  readonly sourcePorts: number[];
  readonly additionalEgressPorts: number[];
  /** The database load balancers' allowed source ranges (when either Service is one). */
  readonly loadBalancerSources: string[];
  /** The sources admitted for the database Services' node ports (when either is a NodePort). */
  readonly nodePortSources: string[];
}
