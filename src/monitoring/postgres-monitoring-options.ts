import { Duration, Size } from 'cdk8s';

/** What `monitoring` (or `cluster.enableMonitoring()`) emits and how the alerts are tuned. */
export interface PostgresMonitoringOptions {
  /**
   * Emit a PodMonitor `<c>` that scrapes the sidecar with a metrics port.
   * @default true
   */
  readonly podMonitor?: boolean;
  /**
   * Emit a PrometheusRule `<c>` with the cluster's alerts.
   * @default true
   */
  readonly rules?: boolean;
  /**
   * Scrape interval of the PodMonitor.
   * @default - Prometheus's global scrape interval
   */
  readonly scrapeInterval?: Duration;
  /**
   * Extra labels on the PodMonitor and PrometheusRule, for the Prometheus that selects them
   * (for example `{ release: 'kube-prometheus-stack' }`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra labels on every alert (for example a team to route to).
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Replication lag (WAL a standby has not replayed) above which `PostgresReplicationLagHigh` fires.
   * @default Size.mebibytes(64)
   */
  readonly replicationLagThreshold?: Size;
  /**
   * Used share of a pgdata volume, in percent, above which `PostgresDiskNearlyFull` fires.
   * @default 85
   */
  readonly diskUsagePercent?: number;
  /**
   * Used share of the connections ordinary roles may open, in percent, above which
   * `PostgresTooManyConnections` fires.
   * @default 90
   */
  readonly connectionUsagePercent?: number;
  /**
   * How long WAL may wait for the archive (segments pending and none archived) before
   * `PostgresWalArchiveStale` fires; only with backups.
   * @default Duration.hours(1)
   */
  readonly walArchiveMaxAge?: Duration;
}
