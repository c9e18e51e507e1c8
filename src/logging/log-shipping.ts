import { BackupStorage } from '../backup/backup-storage';
import { StorageCredentials } from '../backup/storage-credentials';

/** When and how Spilo ships the PostgreSQL CSV logs. */
export interface LogShippingOptions {
  /**
   * Path piece before the cluster name (`LOG_BUCKET_SCOPE_PREFIX`). The operator renders an empty
   * prefix; Spilo alone would use `<namespace>-`.
   * @default ''
   */
  readonly scopePrefix?: string;
  /**
   * Rotate and ship every hour (`LOG_SHIP_HOURLY=true`): hourly log files, shipped at minute 1.
   * @default false (daily)
   */
  readonly hourly?: boolean;
  /**
   * Cron schedule of the daily upload of yesterday's log (`LOG_SHIP_SCHEDULE`). Not with `hourly`,
   * where Spilo ignores it.
   * @default '1 0 * * *' (Spilo's default)
   */
  readonly schedule?: string;
  /**
   * S3 object tags of every uploaded log (`LOG_S3_TAGS`). Spilo fails every upload when the tags are
   * empty, so there is always at least one. Keys and values: letters, digits and `_ . : / @ -`.
   * @default { ClusterName: <cluster name> }
   */
  readonly tags?: Record<string, string>;
}

/** An S3 (or S3-compatible) bucket for logs. */
export interface S3LogShippingProps extends LogShippingOptions {
  /** Bucket name, without `s3://` (`LOG_S3_BUCKET`). */
  readonly bucket: string;
  /** Region (`AWS_REGION`, shared with WAL-G when both use S3). */
  readonly region: string;
  /**
   * How the upload job authenticates: `irsa()` (an AWS config file pointing at the web identity
   * token is mounted), `awsAccessKeys()` (the Secret is mounted for a credential process) or
   * `nodeIdentity()`.
   */
  readonly credentials: StorageCredentials;
  /**
   * Endpoint of an S3-compatible store (`LOG_S3_ENDPOINT`).
   * @default - AWS S3
   */
  readonly endpoint?: string;
}

/**
 * Shipping of PostgreSQL's CSV logs to object storage by Spilo's own cron job, from every member,
 * to `s3://<bucket>/spilo/<scopePrefix><cluster><suffix>/log/<pod>/<date>.csv.gz`.
 *
 * Spilo can only ship to S3 and S3-compatible stores; Cloud Storage and Azure are refused at synth time.
 */
export class LogShipping {
  /** Ship to an S3 bucket. */
  public static toS3(props: S3LogShippingProps): LogShipping {
    const { bucket, region, credentials, endpoint, ...options } = props;
    return new LogShipping(BackupStorage.s3({ bucket, region, credentials, ...(endpoint !== undefined ? { endpoint } : {}) }), options, true);
  }

  /** Ship to a bucket described as backup storage (S3 only: Spilo cannot ship logs to Cloud Storage or Azure). */
  public static toStorage(storage: BackupStorage, options: LogShippingOptions = {}): LogShipping {
    return new LogShipping(storage, { ...options }, false);
  }

  /** No log shipping; overrides a fleet-wide setting. */
  public static disabled(): LogShipping {
    return new LogShipping(undefined, {}, false);
  }

  /** @internal */
  public readonly _storage?: BackupStorage;
  /** @internal */
  public readonly _options: LogShippingOptions;
  /** @internal */
  public readonly _inline: boolean;

  private constructor(storage: BackupStorage | undefined, options: LogShippingOptions, inline: boolean) {
    this._storage = storage;
    this._options = options;
    this._inline = inline;
  }
}
