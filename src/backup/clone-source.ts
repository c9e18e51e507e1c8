import { BackupStorage } from './backup-storage';

/** A clone from another cluster's WAL archive (point-in-time recovery). */
export interface CloneFromWalArchiveOptions {
  /** Name of the source cluster (`CLONE_SCOPE`). */
  readonly cluster: string;
  /**
   * Recover up to this point in time (`CLONE_TARGET_TIME`): ISO-8601 with an explicit numeric
   * offset, e.g. `2025-03-01T12:00:00+01:00`.
   * @default - the latest backup and every archived WAL segment after it
   */
  readonly timestamp?: string;
  /**
   * The source's `clusterUid` (or the UID of its operator `postgresql` resource), the `/<uid>`
   * path suffix (`CLONE_WAL_BUCKET_SCOPE_SUFFIX`).
   * @default - no suffix
   */
  readonly uid?: string;
  /**
   * Where the source archives.
   * @default - the storage of this cluster's (or the fleet's) `backup`
   */
  readonly storage?: BackupStorage;
  /**
   * Full WAL prefix instead of the generated path (the operator's `s3_wal_path`):
   * `s3://…` (`CLONE_WALE_S3_PREFIX`), `gs://…` (`CLONE_WALE_GS_PREFIX`) or `azure://…` (`CLONE_WALG_AZ_PREFIX`).
   * @default - `<scheme>://<bucket>/spilo/<cluster><suffix>/wal/`, each major version tried from the newest
   */
  readonly walPath?: string;
  /**
   * Restore with WAL-G (`CLONE_USE_WALG_RESTORE=true`) rather than Spilo's default for the provider
   * (WAL-G for S3 and Azure, WAL-E for Cloud Storage, which reads archives the operator wrote with WAL-E).
   * @default - Spilo's default for the provider
   */
  readonly useWalG?: boolean;
}

/** A clone taken with pg_basebackup from a running cluster. */
export interface CloneFromClusterOptions {
  /** Name of the source cluster (`CLONE_SCOPE`), in the same namespace unless `host` says otherwise. */
  readonly cluster: string;
  /**
   * Host to connect to (`CLONE_HOST`).
   * @default - the source's primary Service, `<cluster>`
   */
  readonly host?: string;
  /**
   * Port (`CLONE_PORT`).
   * @default 5432
   */
  readonly port?: number;
  /**
   * Secret (in this cluster's namespace) with the source's replication password in key `password`
   * (`CLONE_PASSWORD`).
   * @default - the operator's name, `<replication user>.<cluster>.credentials.postgresql.acid.zalan.do`
   */
  readonly passwordSecretName?: string;
}

/**
 * Where a new cluster's data comes from at its first start (the operator's `clone` section).
 *
 * Only the first bootstrap reads it; afterwards the cluster is independent and the setting may
 * stay in git unchanged.
 */
export class CloneSource {
  /** Restore a base backup and replay WAL from the source's archive (`CLONE_METHOD=CLONE_WITH_WALE`). */
  public static fromWalArchive(options: CloneFromWalArchiveOptions): CloneSource {
    return new CloneSource('wal', { ...options });
  }

  /** Copy a running cluster with pg_basebackup (`CLONE_METHOD=CLONE_WITH_BASEBACKUP`). */
  public static fromCluster(options: CloneFromClusterOptions): CloneSource {
    return new CloneSource('basebackup', { ...options });
  }

  /** @internal */
  public readonly _method: 'wal' | 'basebackup';
  /** @internal */
  public readonly _options: Record<string, any>;

  private constructor(method: 'wal' | 'basebackup', options: Record<string, any>) {
    this._method = method;
    this._options = options;
  }
}
