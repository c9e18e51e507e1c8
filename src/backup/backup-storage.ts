import { StorageConfig } from './private/types';
import { StorageCredentials } from './storage-credentials';

/** Server-side encryption of objects WAL-G writes to S3. */
export class S3Encryption {
  /** SSE-S3 (`WALG_S3_SSE=AES256`); Spilo's default on AWS S3 when no endpoint is set. */
  public static readonly AES256 = new S3Encryption('AES256');
  /** No server-side encryption requested (`WALG_DISABLE_S3_SSE=true`); Spilo's default with a custom endpoint. */
  public static readonly NONE = new S3Encryption('none');

  /**
   * SSE-KMS (`WALG_S3_SSE=aws:kms`), with `WALG_S3_SSE_KMS_ID` when a key is given.
   * @param keyId KMS key id or ARN; omit for the account's default `aws/s3` key
   */
  public static kms(keyId?: string): S3Encryption {
    return new S3Encryption('aws:kms', keyId);
  }

  /** @internal */
  public readonly _mode: string;
  /** @internal */
  public readonly _kmsKeyId?: string;

  private constructor(mode: string, kmsKeyId?: string) {
    this._mode = mode;
    this._kmsKeyId = kmsKeyId;
  }
}

/** An S3 bucket (AWS or S3-compatible). */
export interface S3StorageProps {
  /** Bucket name, without `s3://`. */
  readonly bucket: string;
  /**
   * Region (`AWS_REGION`). Required: without it Spilo guesses from the bucket name or the node and
   * gets `loca` off AWS.
   */
  readonly region: string;
  /** How the pods authenticate. */
  readonly credentials: StorageCredentials;
  /**
   * Endpoint of an S3-compatible store (`AWS_ENDPOINT`), e.g. `https://minio.storage.svc:9000`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Path-style addressing (`https://host/bucket`) instead of virtual-host style. Only with
   * `endpoint`; Spilo uses path style for custom endpoints unless told otherwise.
   * @default true with an endpoint
   */
  readonly forcePathStyle?: boolean;
  /**
   * Server-side encryption of WAL-G's objects (and of logical backups).
   * @default - S3Encryption.AES256 on AWS, S3Encryption.NONE with an endpoint (Spilo's defaults)
   */
  readonly encryption?: S3Encryption;
}

/** A Cloud Storage bucket. */
export interface GcsStorageProps {
  /** Bucket name, without `gs://`. */
  readonly bucket: string;
  /** How the pods authenticate. */
  readonly credentials: StorageCredentials;
}

/** An Azure Blob Storage container. */
export interface AzureStorageProps {
  /** Storage account name (`AZURE_STORAGE_ACCOUNT`). */
  readonly storageAccount: string;
  /** Blob container that holds the backups. */
  readonly container: string;
  /** How the pods authenticate (access key, SAS token, service principal or node identity). */
  readonly credentials: StorageCredentials;
}

/**
 * Object storage for WAL archives, base backups, logical backups and logs.
 *
 * Paths follow Spilo and the operator: `<scheme>://<bucket>/spilo/<scope prefix><cluster><suffix>/wal/<PGVERSION>`.
 */
export class BackupStorage {
  /** An S3 bucket or an S3-compatible store (`WAL_S3_BUCKET`). */
  public static s3(props: S3StorageProps): BackupStorage {
    return new BackupStorage({ provider: 's3', props: { ...props } });
  }

  /** A Google Cloud Storage bucket (`WAL_GS_BUCKET`). */
  public static gcs(props: GcsStorageProps): BackupStorage {
    return new BackupStorage({ provider: 'gcs', props: { ...props } });
  }

  /** An Azure Blob Storage container (`AZURE_STORAGE_ACCOUNT` and `WALG_AZ_PREFIX`; WAL-G only). */
  public static azure(props: AzureStorageProps): BackupStorage {
    return new BackupStorage({ provider: 'azure', props: { ...props } });
  }

  /** @internal */
  public readonly _config: StorageConfig;

  private constructor(config: StorageConfig) {
    this._config = config;
  }
}
