import { Yaml } from 'cdk8s';

/** One custom query of postgres_exporter (its `queries.yaml` format); metric names are `<name>_<column>`. */
export interface ExporterQuery {
  readonly name: string;
  readonly query: string;
  readonly metrics: Array<{ readonly column: string; readonly usage: 'LABEL' | 'GAUGE' | 'COUNTER'; readonly description: string }>;
  readonly cacheSeconds?: number;
}

/** Prefix of every metric from our query set, so none collides with the exporter's own collectors. */
export const METRIC_PREFIX = 'cdk8s_pg';

const CURRENT_LSN = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END';

/**
 * Queries valid on PostgreSQL 13-18, on a primary and on a hot standby (test/monitoring proves it on
 * real servers). The exporter re-reads the file on every scrape, so a change needs no restart.
 */
export const EXPORTER_QUERIES: ExporterQuery[] = [
  {
    name: `${METRIC_PREFIX}_role`,
    query: 'SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE 1 END AS is_primary',
    metrics: [{ column: 'is_primary', usage: 'GAUGE', description: '1 on the primary, 0 on a replica' }],
  },
  {
    name: `${METRIC_PREFIX}_connections`,
    query: `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS used,
  current_setting('max_connections')::int AS max,
  current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
    - coalesce(current_setting('reserved_connections', true)::int, 0) AS available`,
    metrics: [
      { column: 'used', usage: 'GAUGE', description: 'Client connections' },
      { column: 'max', usage: 'GAUGE', description: 'max_connections' },
      { column: 'available', usage: 'GAUGE', description: 'Connections ordinary roles may open (max_connections less the reserved ones)' },
    ],
  },
  {
    name: `${METRIC_PREFIX}_replication`,
    query: `SELECT coalesce(application_name, '') AS application_name, coalesce(state, '') AS state, coalesce(sync_state, '') AS sync_state,
  coalesce(pg_wal_lsn_diff(${CURRENT_LSN}, replay_lsn), 0) AS lag_bytes,
  coalesce(extract(epoch FROM replay_lag), 0) AS replay_lag_seconds
FROM pg_stat_replication`,
    metrics: [
      { column: 'application_name', usage: 'LABEL', description: 'Standby (its pod name under Patroni)' },
      { column: 'state', usage: 'LABEL', description: 'WAL sender state' },
      { column: 'sync_state', usage: 'LABEL', description: 'async, sync, quorum or potential' },
      { column: 'lag_bytes', usage: 'GAUGE', description: 'WAL bytes the standby has not replayed yet' },
      { column: 'replay_lag_seconds', usage: 'GAUGE', description: 'Replay lag measured by the sender (0 when idle)' },
    ],
  },
  {
    name: `${METRIC_PREFIX}_standby`,
    query: `SELECT CASE WHEN pg_is_in_recovery() THEN coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0) ELSE 0 END AS replay_backlog_bytes,
  (SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming') AS streaming`,
    metrics: [
      { column: 'replay_backlog_bytes', usage: 'GAUGE', description: 'WAL received but not replayed yet (replicas)' },
      { column: 'streaming', usage: 'GAUGE', description: '1 while the WAL receiver streams from the primary' },
    ],
  },
  {
    name: `${METRIC_PREFIX}_replication_slot`,
    query: `SELECT slot_name, slot_type, coalesce(wal_status, '') AS wal_status,
  CASE WHEN active THEN 1 ELSE 0 END AS active,
  coalesce(pg_wal_lsn_diff(${CURRENT_LSN}, restart_lsn), 0) AS retained_wal_bytes,
  coalesce(age(coalesce(xmin, catalog_xmin)), 0) AS xmin_age
FROM pg_replication_slots`,
    metrics: [
      { column: 'slot_name', usage: 'LABEL', description: 'Slot' },
      { column: 'slot_type', usage: 'LABEL', description: 'physical or logical' },
      { column: 'wal_status', usage: 'LABEL', description: 'reserved, extended, unreserved or lost' },
      { column: 'active', usage: 'GAUGE', description: '1 while a consumer is connected' },
      { column: 'retained_wal_bytes', usage: 'GAUGE', description: 'WAL kept on disk for the slot' },
      { column: 'xmin_age', usage: 'GAUGE', description: 'Transactions the slot holds back from vacuum' },
    ],
  },
  {
    name: `${METRIC_PREFIX}_archiver`,
    query: `SELECT archived_count, failed_count,
  extract(epoch FROM now() - coalesce(last_archived_time, pg_postmaster_start_time())) AS last_archived_age_seconds,
  CASE WHEN last_failed_time IS NOT NULL AND (last_archived_time IS NULL OR last_failed_time > last_archived_time) THEN 1 ELSE 0 END AS failing,
  (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') AS ready_segments,
  CASE WHEN current_setting('archive_mode') = 'off' THEN 0 ELSE 1 END AS enabled
FROM pg_stat_archiver`,
    metrics: [
      { column: 'archived_count', usage: 'COUNTER', description: 'WAL segments archived' },
      { column: 'failed_count', usage: 'COUNTER', description: 'Failed archive attempts' },
      { column: 'last_archived_age_seconds', usage: 'GAUGE', description: 'Seconds since the last archived segment (or server start)' },
      { column: 'failing', usage: 'GAUGE', description: '1 when the last attempt failed' },
      { column: 'ready_segments', usage: 'GAUGE', description: 'Segments waiting to be archived' },
      { column: 'enabled', usage: 'GAUGE', description: '1 when archive_mode is on' },
    ],
  },
  {
    name: `${METRIC_PREFIX}_database`,
    query: `SELECT datname, age(datfrozenxid) AS frozen_xid_age, mxid_age(datminmxid) AS min_mxid_age
FROM pg_database WHERE datallowconn`,
    metrics: [
      { column: 'datname', usage: 'LABEL', description: 'Database' },
      { column: 'frozen_xid_age', usage: 'GAUGE', description: 'Transactions until the oldest unfrozen one (wraparound at 2^31)' },
      { column: 'min_mxid_age', usage: 'GAUGE', description: 'Age of the oldest multixact' },
    ],
    cacheSeconds: 60,
  },
  {
    name: `${METRIC_PREFIX}_vacuum_horizon`,
    query: `SELECT
  coalesce((SELECT max(age(backend_xmin)) FROM pg_stat_activity WHERE backend_xmin IS NOT NULL), 0) AS backend_xmin_age,
  coalesce((SELECT max(extract(epoch FROM now() - xact_start)) FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND state <> 'idle' AND xact_start IS NOT NULL), 0) AS longest_transaction_seconds,
  coalesce((SELECT max(extract(epoch FROM now() - state_change)) FROM pg_stat_activity
    WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')), 0) AS idle_in_transaction_seconds,
  coalesce((SELECT max(age(transaction)) FROM pg_prepared_xacts), 0) AS prepared_xact_age,
  coalesce((SELECT max(age(coalesce(xmin, catalog_xmin))) FROM pg_replication_slots), 0) AS slot_xmin_age`,
    metrics: [
      { column: 'backend_xmin_age', usage: 'GAUGE', description: 'Oldest snapshot a session holds (transactions); vacuum cannot clean past it' },
      { column: 'longest_transaction_seconds', usage: 'GAUGE', description: 'Age of the oldest running transaction' },
      { column: 'idle_in_transaction_seconds', usage: 'GAUGE', description: 'Longest idle-in-transaction session' },
      { column: 'prepared_xact_age', usage: 'GAUGE', description: 'Age of the oldest prepared transaction' },
      { column: 'slot_xmin_age', usage: 'GAUGE', description: 'Oldest xmin a replication slot holds' },
    ],
  },
];

/** The queries in postgres_exporter's `queries.yaml` format. */
export function exporterQueriesYaml(queries: ExporterQuery[] = EXPORTER_QUERIES): string {
  const doc: Record<string, unknown> = {};
  for (const q of queries) {
    doc[q.name] = {
      query: q.query,
      ...(q.cacheSeconds ? { cache_seconds: q.cacheSeconds } : {}),
      metrics: q.metrics.map(m => ({ [m.column]: { usage: m.usage, description: m.description } })),
    };
  }
  return Yaml.stringify(doc);
}
