import { Duration, Size } from 'cdk8s';

/**
 * Patroni settings, rendered into `SPILO_CONFIGURATION` exactly where the operator puts them.
 *
 * `ttl`, `loopWait`, `retryTimeout`, `maximumLagOnFailover`, the synchronous-mode settings,
 * `slots` and `failsafeMode` live in `bootstrap.dcs`: Patroni copies them into the DCS when
 * the cluster is initialised, and the cluster's dynamic configuration Job applies later changes
 * (`PATCH /config`; a setting removed from git goes back to Spilo's or Patroni's default, a slot
 * removed from git is dropped). `pgHba` is local: a change rolls the members. `initdb` is only
 * read when the cluster is created.
 *
 * @see https://patroni.readthedocs.io/en/latest/dynamic_configuration.html
 */
export interface PatroniOptions {
  /**
   * Extra `initdb` options. Always preceded by `auth-host: scram-sha-256` and `auth-local: trust`
   * (a same-named key replaces those values); the flags `data-checksums`, `debug`, `no-locale`,
   * `noclean`, `nosync` and `sync-only` with value `"true"` are rendered bare.
   * @default - only the two auth options
   */
  readonly initdb?: Record<string, string>;

  /**
   * `pg_hba.conf` lines (local Patroni config). Replaces Spilo's default list wholesale.
   * @default - Spilo's default pg_hba
   */
  readonly pgHba?: string[];

  /**
   * Leader lock TTL (whole seconds). Must be at least `loopWait + 2 * retryTimeout`.
   * @default - Spilo's default, 30 seconds
   */
  readonly ttl?: Duration;

  /**
   * Sleep between HA loop runs (whole seconds).
   * @default - Spilo's default, 10 seconds
   */
  readonly loopWait?: Duration;

  /**
   * Timeout for DCS and PostgreSQL operation retries (whole seconds).
   * @default - Spilo's default, 10 seconds
   */
  readonly retryTimeout?: Duration;

  /**
   * Largest replication lag a replica may have to be promoted.
   * @default - Spilo's default, 32 MiB
   */
  readonly maximumLagOnFailover?: Size;

  /**
   * Turn on synchronous replication.
   * @default false
   */
  readonly synchronousMode?: boolean;

  /**
   * Refuse writes when no synchronous standby is available. Requires `synchronousMode`.
   * @default false
   */
  readonly synchronousModeStrict?: boolean;

  /**
   * Number of synchronous standbys. Requires `synchronousMode`; must be below the number of instances.
   * @default - Patroni's default, 1
   */
  readonly synchronousNodeCount?: number;

  /**
   * Permanent replication slots: slot name to its settings (`type: physical`, or
   * `type: logical`, `database`, `plugin`).
   * @default - none
   */
  readonly slots?: Record<string, Record<string, string>>;

  /**
   * Patroni failsafe mode: keep the primary running when the DCS is unreachable but all members
   * are. Always rendered, as the operator does.
   * @default - the fleet's `enablePatroniFailsafeMode` (false)
   */
  readonly failsafeMode?: boolean;
}
