import { PostgresResources } from '../cluster/resources';

/** How the exporter reaches PostgreSQL in its pod. */
export enum PostgresExporterConnection {
  /** Through the shared socket directory `/var/run/postgresql` (the sidecar asks for `shareSocket`). */
  SOCKET = 'socket',
  /** Over TCP to `localhost:5432` with `sslmode=require` (Spilo's self-signed certificate). */
  LOCALHOST_TLS = 'localhost-tls',
}

/** Options of `PostgresSidecar.postgresExporter()`. */
export interface PostgresExporterOptions {
  /**
   * Container name.
   * @default 'postgres-exporter'
   */
  readonly name?: string;
  /**
   * Exporter image.
   * @default 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1'
   */
  readonly image?: string;
  /**
   * How the exporter connects, as the superuser from `POSTGRES_USER`/`POSTGRES_PASSWORD`.
   * @default PostgresExporterConnection.SOCKET
   */
  readonly connection?: PostgresExporterConnection;
  /**
   * Add the library's query set (`cdk8s_pg_*` metrics: role, connections, replication, slots,
   * WAL archiving, wraparound, vacuum horizon), which the PrometheusRule's alerts use.
   * @default true
   */
  readonly customQueries?: boolean;
  /**
   * Extra command-line flags, for example `--collector.stat_statements`.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Requests and limits.
   * @default - 50m / 64Mi requests, 500m / 256Mi limits
   */
  readonly resources?: PostgresResources;
}

