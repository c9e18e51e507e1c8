import { BackupStorage } from './backup-storage';

/** Compression WAL-G applies to WAL segments and base backups (`WALG_COMPRESSION_METHOD`). */
export enum WalCompression {
  /** LZ4, WAL-G's default: fast, moderate ratio. */
  LZ4 = 'lz4',
  /** LZMA: slow, high ratio. */
  LZMA = 'lzma',
  /** Zstandard: good ratio at good speed. */
  ZSTD = 'zstd',
  /** Brotli. */
  BROTLI = 'brotli',
}

/** Options of continuous archiving with WAL-G. */
export interface WalGOptions {
  /**
   * When Spilo takes a base backup (`BACKUP_SCHEDULE`, cron in the container's time zone, UTC).
   * Runs on the primary only (or on a replica with `backupFromReplica`).
   * @default '0 1 * * *' (Spilo's default)
   */
  readonly schedule?: string;
  /**
   * Base backups to keep (`BACKUP_NUM_TO_RETAIN`). Spilo keeps at least this many backups and
   * this many days of backups, and never fewer than 2; older ones are deleted after a new backup.
   * @default 5 (Spilo's default)
   */
  readonly backupsToRetain?: number;
  /**
   * Compression of WAL segments and base backups (`WALG_COMPRESSION_METHOD`).
   * @default WalCompression.LZ4 (WAL-G's default)
   */
  readonly compression?: WalCompression;
  /**
   * Path piece before the cluster name (`WAL_BUCKET_SCOPE_PREFIX`). The operator renders an empty
   * prefix; Spilo alone would use `<namespace>-`.
   * @default ''
   */
  readonly scopePrefix?: string;
  /**
   * Take base backups on a replica instead of the primary (`WALG_BACKUP_FROM_REPLICA`).
   * @default false
   */
  readonly backupFromReplica?: boolean;
  /**
   * Parallel uploads (`WALG_UPLOAD_CONCURRENCY`).
   * @default - the node's CPU count, at most 10 (Spilo's default)
   */
  readonly uploadConcurrency?: number;
  /**
   * Parallel downloads (`WALG_DOWNLOAD_CONCURRENCY`).
   * @default - the node's CPU count, at most 10 (Spilo's default)
   */
  readonly downloadConcurrency?: number;
}

/**
 * Continuous WAL archiving and scheduled base backups of a cluster.
 *
 * Renders the operator's `WAL_*_BUCKET`, `WAL_BUCKET_SCOPE_PREFIX=""` and
 * `WAL_BUCKET_SCOPE_SUFFIX=/<clusterUid>`, so a cluster with the `clusterUid` of an
 * operator-managed cluster archives to the very same path:
 * `s3://<bucket>/spilo/<scopePrefix><cluster>/<clusterUid>/wal/<PGVERSION>`.
 */
export class Backup {
  /**
   * Archive and back up with WAL-G (`USE_WALG_BACKUP=true`, `USE_WALG_RESTORE=true`). WAL-G reads
   * the layout WAL-E wrote, so clusters the operator backed up with WAL-E keep restoring.
   */
  public static walG(storage: BackupStorage, options: WalGOptions = {}): Backup {
    return new Backup(storage, { ...options });
  }

  /** No archiving (`archive_command` stays `/bin/true`); overrides a fleet-wide backup. */
  public static disabled(): Backup {
    return new Backup(undefined, {});
  }

  /** @internal */
  public readonly _storage?: BackupStorage;
  /** @internal */
  public readonly _options: WalGOptions;

  private constructor(storage: BackupStorage | undefined, options: WalGOptions) {
    this._storage = storage;
    this._options = options;
  }
}
