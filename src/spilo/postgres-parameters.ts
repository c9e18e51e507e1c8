import { CONTROL_CHARACTER, fail } from '../private/validation';

/**
 * Parameters the operator renders into the local `postgresql.parameters` of
 * `SPILO_CONFIGURATION`. Every other parameter goes to `bootstrap.dcs.postgresql.parameters`.
 */
export const LOCAL_PARAMETERS = new Set([
  'archive_command', 'shared_buffers', 'logging_collector', 'log_destination', 'log_directory',
  'log_filename', 'log_file_mode', 'log_rotation_age', 'log_truncate_on_rotation', 'ssl',
  'ssl_ca_file', 'ssl_crl_file', 'ssl_cert_file', 'ssl_key_file', 'shared_preload_libraries',
  'bg_mon.listen_address', 'bg_mon.history_buckets', 'pg_stat_statements.track_utility',
  'extwlist.extensions', 'extwlist.custom_path',
]);

/**
 * Parameters that Patroni or Spilo set themselves; a value here would be ignored or would
 * break replication, archiving or the data directory layout.
 */
const OWNED_PARAMETERS: Record<string, string> = {
  listen_addresses: 'Patroni',
  port: 'Patroni',
  cluster_name: 'Patroni',
  hot_standby: 'Patroni',
  data_directory: 'Patroni',
  config_file: 'Patroni',
  hba_file: 'Patroni',
  ident_file: 'Patroni',
  primary_conninfo: 'Patroni',
  primary_slot_name: 'Patroni',
  promote_trigger_file: 'Patroni',
  synchronous_standby_names: 'Patroni (use patroni.synchronousMode)',
  restore_command: 'Spilo (WAL restore)',
  archive_cleanup_command: 'Patroni',
  recovery_end_command: 'Patroni',
  unix_socket_directories: 'Spilo',
};

const RECOVERY_TARGET = /^recovery_target/;

export interface SplitParameters {
  readonly local: Record<string, string>;
  readonly dcs: Record<string, string>;
}

/** Validates and splits parameters the way the operator does (local list versus bootstrap.dcs). */
export function splitParameters(parameters: Record<string, string>): SplitParameters {
  const local: Record<string, string> = {};
  const dcs: Record<string, string> = {};
  for (const name of Object.keys(parameters).sort()) {
    const value = parameters[name];
    if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) {
      fail('parameters', name, 'a PostgreSQL parameter name (lower-case letters, digits, _ and one optional "." for extension settings)');
    }
    if (typeof value !== 'string') fail(`parameters['${name}']`, value, 'a string value');
    // A newline or other control character ends up in postgresql.conf and PostgreSQL refuses to start.
    if (CONTROL_CHARACTER.test(value)) fail(`parameters['${name}']`, value, 'a value without control characters (newline, tab, NUL, ...)');
    const owner = OWNED_PARAMETERS[name] ?? (RECOVERY_TARGET.test(name) ? 'Patroni (use the clone options)' : undefined);
    if (owner) fail('parameters', name, `a parameter not managed by ${owner}`);
    if (name === 'wal_level' && value === 'minimal') fail('parameters[\'wal_level\']', value, "'replica' or 'logical' (streaming replicas need at least replica)");
    if (name === 'max_wal_senders' && Number(value) < 2) fail('parameters[\'max_wal_senders\']', value, 'at least 2 (Patroni replicas stream WAL)');
    (LOCAL_PARAMETERS.has(name) ? local : dcs)[name] = value;
  }
  return { local, dcs };
}
