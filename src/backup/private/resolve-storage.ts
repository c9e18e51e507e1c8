import { CredentialsConfig, StorageProvider } from './types';
import {
  assertAzureAccount, assertAzureContainer, assertEndpoint, assertGcsBucket, assertOnlyKeys, assertRegion, assertRoleArn, assertS3Bucket,
  assertSecretKey,
} from './validate';
import { assertBoolean, fail } from '../../private/validation';
import { BackupStorage, S3Encryption } from '../backup-storage';
import { StorageCredentials } from '../storage-credentials';

/** A BackupStorage after validation, with the prop path used in errors. */
export interface ResolvedStorage {
  readonly prop: string;
  readonly provider: StorageProvider;
  /** S3/GCS bucket, or the Azure container. */
  readonly bucket: string;
  /** Azure storage account. */
  readonly account?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly encryption?: S3Encryption;
  readonly credentials: CredentialsConfig;
}

const PROVIDER_NAMES: Record<StorageProvider, string> = { s3: 'BackupStorage.s3', gcs: 'BackupStorage.gcs', azure: 'BackupStorage.azure' };

const CREDENTIALS_FOR: Record<StorageProvider, string[]> = {
  s3: ['irsa', 'node', 'aws-keys'],
  gcs: ['gke', 'gcp-key', 'node'],
  azure: ['azure-key', 'azure-sas', 'azure-sp', 'node'],
};

const CREDENTIAL_FACTORIES: Record<StorageProvider, string> = {
  s3: 'StorageCredentials.irsa(), .awsAccessKeys() or .nodeIdentity()',
  gcs: 'StorageCredentials.gkeWorkloadIdentity(), .gcpServiceAccountKey() or .nodeIdentity()',
  azure: 'StorageCredentials.azureAccessKey(), .azureSasToken(), .azureServicePrincipal() or .nodeIdentity()',
};

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Validates a BackupStorage used at `prop` (e.g. `backup.storage`, `fleet.logicalBackup.storage`). */
export function resolveStorage(prop: string, storage: BackupStorage | undefined): ResolvedStorage {
  if (!(storage instanceof BackupStorage)) fail(prop, storage, 'a BackupStorage (BackupStorage.s3(), .gcs() or .azure())');
  const { provider, props } = storage._config;
  const credentials = resolveCredentials(`${prop}.credentials`, provider, props.credentials);
  switch (provider) {
    case 's3': {
      assertOnlyKeys(prop, props, ['bucket', 'region', 'credentials', 'endpoint', 'forcePathStyle', 'encryption'], PROVIDER_NAMES.s3);
      const endpoint = props.endpoint === undefined ? undefined : assertEndpoint(`${prop}.endpoint`, props.endpoint);
      assertBoolean(`${prop}.forcePathStyle`, props.forcePathStyle);
      if (props.forcePathStyle !== undefined && endpoint === undefined) {
        fail(`${prop}.forcePathStyle`, props.forcePathStyle, 'no forcePathStyle without an endpoint (AWS S3 itself uses virtual-host addressing)');
      }
      if (props.encryption !== undefined && !(props.encryption instanceof S3Encryption)) {
        fail(`${prop}.encryption`, props.encryption, 'S3Encryption.AES256, S3Encryption.kms(keyId) or S3Encryption.NONE');
      }
      return {
        prop,
        provider,
        credentials,
        bucket: assertS3Bucket(`${prop}.bucket`, props.bucket),
        region: assertRegion(`${prop}.region`, props.region),
        endpoint,
        forcePathStyle: props.forcePathStyle,
        encryption: props.encryption,
      };
    }
    case 'gcs':
      assertOnlyKeys(prop, props, ['bucket', 'credentials'], PROVIDER_NAMES.gcs);
      return { prop, provider, credentials, bucket: assertGcsBucket(`${prop}.bucket`, props.bucket) };
    case 'azure':
      assertOnlyKeys(prop, props, ['storageAccount', 'container', 'credentials'], PROVIDER_NAMES.azure);
      return {
        prop,
        provider,
        credentials,
        account: assertAzureAccount(`${prop}.storageAccount`, props.storageAccount),
        bucket: assertAzureContainer(`${prop}.container`, props.container),
      };
  }
}

function resolveCredentials(prop: string, provider: StorageProvider, credentials: unknown): CredentialsConfig {
  if (!(credentials instanceof StorageCredentials)) {
    fail(prop, credentials, `credentials for ${PROVIDER_NAMES[provider]}: ${CREDENTIAL_FACTORIES[provider]}`);
  }
  const c = credentials._config;
  if (!CREDENTIALS_FOR[provider].includes(c.kind)) {
    fail(prop, describeCredentials(c), `credentials for ${PROVIDER_NAMES[provider]}: ${CREDENTIAL_FACTORIES[provider]}`);
  }
  if (c.kind === 'irsa') assertRoleArn(`${prop}.roleArn`, c.roleArn);
  if (c.kind === 'gke' && (typeof c.gcpServiceAccount !== 'string' || !/^[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\.gserviceaccount\.com$/.test(c.gcpServiceAccount))) {
    fail(`${prop}.gcpServiceAccount`, c.gcpServiceAccount, 'a GCP service account e-mail such as backup@my-project.iam.gserviceaccount.com');
  }
  if (c.kind === 'azure-sp') {
    if (typeof c.clientId !== 'string' || !GUID.test(c.clientId)) fail(`${prop}.clientId`, c.clientId, 'an application (client) id (a GUID)');
    if (typeof c.tenantId !== 'string' || !GUID.test(c.tenantId)) fail(`${prop}.tenantId`, c.tenantId, 'a directory (tenant) id (a GUID)');
  }
  if (c.secretName !== undefined || c.keys !== undefined) {
    // Errors name the option the user set (accessKeyIdKey, clientSecretKey, ...), not the internal slot.
    const option: Record<string, string> = { accessKeyId: 'accessKeyIdKey', secretAccessKey: 'secretAccessKeyKey', key: c.kind === 'azure-sp' ? 'clientSecretKey' : 'key' };
    for (const [slot, key] of Object.entries(c.keys ?? {})) assertSecretKey(prop, c.secretName, key, option[slot] ?? slot);
  }
  return c;
}

/** A short description of credentials for error messages. */
export function describeCredentials(c: CredentialsConfig): string {
  const names: Record<string, string> = {
    'irsa': 'StorageCredentials.irsa',
    'node': 'StorageCredentials.nodeIdentity',
    'aws-keys': 'StorageCredentials.awsAccessKeys',
    'gke': 'StorageCredentials.gkeWorkloadIdentity',
    'gcp-key': 'StorageCredentials.gcpServiceAccountKey',
    'azure-key': 'StorageCredentials.azureAccessKey',
    'azure-sas': 'StorageCredentials.azureSasToken',
    'azure-sp': 'StorageCredentials.azureServicePrincipal',
  };
  return `${names[c.kind]}()`;
}

/** The WAL prefix Spilo generates for a bucket (`<scheme>://<bucket>/spilo/<prefix><scope><suffix>/wal/<version>`). */
export function walPrefix(storage: ResolvedStorage, scopePrefix: string, scope: string, suffix: string, version: string): string {
  const scheme = { s3: 's3', gcs: 'gs', azure: 'azure' }[storage.provider];
  return `${scheme}://${storage.bucket}/spilo/${scopePrefix}${scope}${suffix}/wal/${version}`;
}

/** `/<id>` as the operator's getBucketScopeSuffix renders it, or empty. */
export function scopeSuffix(id: string | undefined): string {
  return id ? `/${id}` : '';
}
