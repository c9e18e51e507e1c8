/**
 * PostgreSQL parameters read only when the server starts (context `postmaster`, PostgreSQL 13 to 18): a new value
 * sent by the dynamic configuration Job stays pending until that Job restarts the members. The Job decides from what
 * each member reports (`pending_restart`); this list lets the plan say it in advance.
 */
const POSTMASTER_PARAMETERS = new Set([
  'archive_mode', 'autovacuum_freeze_max_age', 'autovacuum_multixact_freeze_max_age', 'autovacuum_worker_slots',
  'bonjour', 'bonjour_name', 'cluster_name', 'commit_timestamp_buffers', 'data_sync_retry', 'debug_io_direct',
  'dynamic_shared_memory_type', 'event_source', 'external_pid_file', 'hot_standby', 'huge_page_size', 'huge_pages',
  'io_max_concurrency', 'io_method', 'jit_provider', 'listen_addresses', 'logging_collector',
  'max_active_replication_origins', 'max_connections', 'max_files_per_process', 'max_locks_per_transaction',
  'max_logical_replication_workers', 'max_notify_queue_pages', 'max_pred_locks_per_transaction',
  'max_prepared_transactions', 'max_replication_slots', 'max_wal_senders', 'max_worker_processes',
  'min_dynamic_shared_memory', 'multixact_member_buffers', 'multixact_offset_buffers', 'notify_buffers',
  'old_snapshot_threshold', 'port', 'reserved_connections', 'serializable_buffers', 'shared_buffers',
  'shared_memory_type', 'shared_preload_libraries', 'subtransaction_buffers', 'superuser_reserved_connections',
  'track_activity_query_size', 'track_commit_timestamp', 'transaction_buffers', 'unix_socket_directories',
  'unix_socket_group', 'unix_socket_permissions', 'wal_buffers', 'wal_decode_buffer_size', 'wal_level',
  'wal_log_hints',
]);

/** Parameters that needed a restart up to a major and are reloaded from it on. */
const RELOADED_FROM: Record<string, number> = { autovacuum_max_workers: 18 };

/** Whether a new value of the parameter takes a PostgreSQL restart on the given major (unknown major: the older rule). */
export function needsRestart(parameter: string, major?: number): boolean {
  const name = parameter.toLowerCase();
  if (POSTMASTER_PARAMETERS.has(name)) return true;
  const from = RELOADED_FROM[name];
  return from !== undefined && (major === undefined || major < from);
}

/**
 * Parameters a hot standby must have at least as high as its primary, with PostgreSQL's defaults: lowering one makes
 * the dynamic configuration Job restart the primary first (in place, no switchover).
 */
export const REPLICA_MINIMUMS: Record<string, number> = {
  max_connections: 100, max_locks_per_transaction: 64, max_prepared_transactions: 0, max_wal_senders: 10, max_worker_processes: 8,
};
