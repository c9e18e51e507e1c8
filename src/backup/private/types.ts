/** Internal shapes behind the public enum-like classes of src/backup (not exported from index.ts). */

export type CredentialsKind = 'irsa' | 'node' | 'aws-keys' | 'gke' | 'gcp-key' | 'azure-key' | 'azure-sas' | 'azure-sp';

export interface CredentialsConfig {
  readonly kind: CredentialsKind;
  readonly roleArn?: string;
  readonly gcpServiceAccount?: string;
  readonly secretName?: string;
  readonly keys?: Record<string, string>;
  readonly clientId?: string;
  readonly tenantId?: string;
}

export type StorageProvider = 's3' | 'gcs' | 'azure';

/** What a BackupStorage factory was given, untouched (validated when a cluster uses it). */
export interface StorageConfig {
  readonly provider: StorageProvider;
  readonly props: Record<string, any>;
}
