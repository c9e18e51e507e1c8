/**
 * The dynamic configuration git wants a running cluster to have: what Patroni keeps in the DCS and reads from
 * `bootstrap.dcs` only when the cluster is created. The dynamic configuration Job makes the live configuration equal
 * to it (see dynamic-configuration-script.ts), so a change in git reaches a cluster that already exists.
 */

/**
 * What Spilo writes into `bootstrap.dcs` on its own (spilo.md 2.2), under what the library renders: a key git
 * stops setting goes back to the value a new cluster would get. `max_connections`, which Spilo computes from the
 * container's memory when the cluster is created, is not here (see `keep`).
 */
export const SPILO_DCS_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  ttl: 30,
  loop_wait: 10,
  retry_timeout: 10,
  maximum_lag_on_failover: 33554432,
  postgresql: {
    use_pg_rewind: true,
    use_slots: true,
    parameters: {
      archive_mode: 'on',
      archive_timeout: '1800s',
      wal_level: 'hot_standby',
      wal_log_hints: 'on',
      wal_compression: 'on',
      max_wal_senders: 10,
      max_replication_slots: 10,
      hot_standby: 'on',
      tcp_keepalives_idle: 900,
      tcp_keepalives_interval: 100,
      log_line_prefix: '%t [%p]: [%l-1] %c %x %d %u %a %h ',
      log_checkpoints: 'on',
      log_lock_waits: 'on',
      log_min_duration_statement: 500,
      log_autovacuum_min_duration: 0,
      log_connections: 'on',
      log_disconnections: 'on',
      log_statement: 'ddl',
      log_temp_files: 0,
      track_functions: 'all',
      checkpoint_completion_target: 0.9,
      autovacuum_max_workers: 5,
      autovacuum_vacuum_scale_factor: 0.05,
      autovacuum_analyze_scale_factor: 0.02,
    },
  },
});

/**
 * The keys the Job owns, as paths: set to git's value, or removed when git (and Spilo's defaults) have none.
 * Keys outside them (Patroni settings the library does not render) are left as they are.
 */
const MANAGED: readonly string[][] = [
  ['ttl'], ['loop_wait'], ['retry_timeout'], ['maximum_lag_on_failover'],
  ['synchronous_mode'], ['synchronous_mode_strict'], ['synchronous_node_count'], ['failsafe_mode'],
  ['slots'], ['postgresql', 'use_pg_rewind'], ['postgresql', 'use_slots'], ['postgresql', 'parameters'],
];

/** The Job's input, rendered as JSON for review. */
export interface DynamicConfigurationSpec {
  /** Spilo's defaults with the library's `bootstrap.dcs` over them. */
  readonly desired: Record<string, unknown>;
  /** Paths the Job makes equal to `desired` (absent there: removed from the live configuration). */
  readonly managed: readonly string[][];
  /** Paths under `managed` it leaves as the cluster has them. */
  readonly keep: readonly string[][];
}

export interface DynamicConfigurationInput {
  /** The library's `bootstrap.dcs`. */
  readonly dcs: Record<string, unknown>;
  /**
   * A standby cluster: Spilo builds its `standby_cluster` section from the STANDBY_* env at creation. The Job keeps
   * its archive settings (Spilo's restore command) and owns where it streams from: `primary` (undefined: the archive
   * only, no host).
   */
  readonly standby?: { readonly primary?: StandbyStreaming };
}

/** The primary a standby streams from (STANDBY_HOST, STANDBY_PORT, STANDBY_PRIMARY_SLOT_NAME). */
export interface StandbyStreaming {
  readonly host: string;
  readonly port?: number;
  readonly primarySlotName?: string;
}

export function dynamicConfiguration(input: DynamicConfigurationInput): DynamicConfigurationSpec {
  const defaults = structuredClone(SPILO_DCS_DEFAULTS) as Record<string, any>;
  // Unset in git, the cluster keeps the max_connections it has (Spilo's value from the memory at creation, or the
  // last one git set), as under the operator: a memory change does not restart the members a second time.
  const keep = (input.dcs.postgresql as any)?.parameters?.max_connections === undefined ? [['postgresql', 'parameters', 'max_connections']] : [];
  const desired = deepMerge(defaults, input.dcs);
  if (!input.standby) {
    // A cluster that is not a standby has no standby_cluster: removing it is what promotes a former standby.
    return { desired, managed: [...MANAGED, ['standby_cluster']], keep };
  }
  const p = input.standby.primary;
  if (p) {
    // As Spilo renders them from the env (strings); a changed source reaches the running standby.
    desired.standby_cluster = { host: p.host, port: String(p.port ?? 5432), ...(p.primarySlotName ? { primary_slot_name: p.primarySlotName } : {}) };
  }
  const streaming = ['host', 'port', 'primary_slot_name'].map(k => ['standby_cluster', k]);
  return { desired, managed: [...MANAGED, ...streaming], keep };
}

function deepMerge(base: Record<string, any>, over: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isMap(value) && isMap(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}
