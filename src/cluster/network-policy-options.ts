import { PostgresClient } from './postgres-client';

/**
 * The cluster's NetworkPolicies (`networkPolicies` of a cluster or of the fleet): on by default. Members accept
 * 5432 only from each other, the cluster's Jobs, its poolers and the declared clients, and Patroni's 8008 only from
 * each other and the Jobs that call Patroni; everything else a member, pooler or Job sends goes to DNS, the API
 * server, the members or the backup storage only. Traffic from a pod's own node (kubelet's probes) passes on every
 * common implementation. A cluster's fields override the fleet's, except `clients`, which add up.
 */
export interface NetworkPolicyOptions {
  /**
   * Render the NetworkPolicies `<c>` (members), `<c>-jobs`, `<c>-pooler` and `<c>-pooler-repl`.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Pods (or addresses) allowed on 5432 of the members and the poolers, besides those `allowFrom()` adds.
   * @default - none besides `allowFrom()` and the load balancers' `allowedSourceRanges`
   */
  readonly clients?: PostgresClient[];
  /**
   * Pods allowed on the metrics ports: Spilo's bg_mon (8080) and every port of the database pods' sidecars (the
   * exporter's 9187). Other pods reach none of them.
   * @default - none
   */
  readonly monitoringClients?: PostgresClient[];
  /**
   * TCP ports of the Kubernetes API server that members and Jobs may reach (Patroni's DCS, the Jobs' API calls).
   * Policies see the address the `kubernetes` Service forwards to, so list the API server's own port.
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
  /**
   * Addresses of the API server (CIDRs) for `apiServerPorts`.
   * @default - any address
   */
  readonly apiServerCidrs?: string[];
  /**
   * TCP ports of the backup and log storage (WAL archive, log shipping, clone or standby from an archive, logical
   * backup), opened only when the cluster uses storage.
   * @default - 443, plus the port of each custom `endpoint` (its URL's, else 443 for https and 80 for http)
   */
  readonly storagePorts?: number[];
  /**
   * Addresses of the storage (CIDRs) for `storagePorts`.
   * @default - any address (object storage is usually outside the cluster)
   */
  readonly storageCidrs?: string[];
  /**
   * More TCP ports the members may reach at any address, for sidecars that send elsewhere (a log forwarder on
   * another port than 443, say).
   * @default - none
   */
  readonly additionalEgressPorts?: number[];
}
