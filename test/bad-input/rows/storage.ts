// Bad storage, credentials, clone, standby and pooler input not covered by backup.ts, pooler.ts and users.ts.
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Backup, BackupStorage, CloneSource, Credentials, LogShipping, PostgresClusterProps, SecretStoreKind, StandbySource, StorageCredentials,
} from '../../../src';
import { s3 } from '../../backup/fixtures';
import { BadInputRow, PropPath, row } from '../row';

const AZ = (credentials: StorageCredentials) => BackupStorage.azure({ storageAccount: 'acidbackups', container: 'wal', credentials });
const GCS = (credentials: StorageCredentials) => BackupStorage.gcs({ bucket: 'acid-wal', credentials });
const walG = (storage: BackupStorage, options = {}) => ({ backup: Backup.walG(storage, options) });
const p = (props: () => Partial<PostgresClusterProps>) => () => ({ props: props() });
const GUID = '66666666-7777-8888-9999-000000000000';

/** [title, props covered, input built lazily, message]. */
const ROWS: Array<[string, PropPath[], () => { props: Partial<PostgresClusterProps> }, RegExp]> = [
  ['an AWS access key id key with a space', ['AwsAccessKeySecretOptions.accessKeyIdKey'], p(() => walG(s3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'k', accessKeyIdKey: 'key id' }) }))),
    /backup\.storage\.credentials\.accessKeyIdKey: 'key id' is not valid; expected a Secret key/],
  ['an AWS secret key key with a space', ['AwsAccessKeySecretOptions.secretAccessKeyKey'], p(() => walG(s3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'k', secretAccessKeyKey: 'a b' }) }))),
    /backup\.storage\.credentials\.secretAccessKeyKey: 'a b' is not valid; expected a Secret key/],
  ['an Azure key Secret with upper case', ['AzureSecretKeyOptions.secretName'], p(() => walG(AZ(StorageCredentials.azureAccessKey({ secretName: 'Azure_Key' })))),
    /backup\.storage\.credentials\.secretName: 'Azure_Key' is not valid; expected the name of a Secret/],
  ['an Azure key with a slash', ['AzureSecretKeyOptions.key'], p(() => walG(AZ(StorageCredentials.azureAccessKey({ secretName: 'k', key: 'a/b' })))),
    /backup\.storage\.credentials\.key: 'a\/b' is not valid; expected a Secret key/],
  ['a service principal Secret with upper case', ['AzureServicePrincipalOptions.secretName'],
    p(() => walG(AZ(StorageCredentials.azureServicePrincipal({ clientId: GUID, tenantId: GUID, secretName: 'SP' })))), /backup\.storage\.credentials\.secretName: 'SP' is not valid/],
  ['a service principal tenant that is no GUID', ['AzureServicePrincipalOptions.tenantId'],
    p(() => walG(AZ(StorageCredentials.azureServicePrincipal({ clientId: GUID, tenantId: 'contoso', secretName: 'sp' })))), /backup\.storage\.credentials\.tenantId: 'contoso' is not valid/],
  ['a service principal secret key with a space', ['AzureServicePrincipalOptions.clientSecretKey'],
    p(() => walG(AZ(StorageCredentials.azureServicePrincipal({ clientId: GUID, tenantId: GUID, secretName: 'sp', clientSecretKey: 'a b' })))),
    /backup\.storage\.credentials\.clientSecretKey: 'a b' is not valid/],
  ['a GCP key Secret with upper case', ['GcpServiceAccountKeyOptions.secretName'], p(() => walG(GCS(StorageCredentials.gcpServiceAccountKey({ secretName: 'Gcp_Key' })))),
    /backup\.storage\.credentials\.secretName: 'Gcp_Key' is not valid/],
  ['a basebackup clone source with upper case', ['CloneFromClusterOptions.cluster'], p(() => ({ clone: CloneSource.fromCluster({ cluster: 'Acid_Source' }) })),
    /clone\.cluster: 'Acid_Source' is not valid/],
  ['a basebackup clone password Secret with upper case', ['CloneFromClusterOptions.passwordSecretName'],
    p(() => ({ clone: CloneSource.fromCluster({ cluster: 'acid-source', passwordSecretName: 'Repl_Pw' }) })), /clone\.passwordSecretName: 'Repl_Pw' is not valid/],
  ['a standby archive on a storage that is no BackupStorage', ['StandbyFromWalArchiveOptions.storage'],
    p(() => ({ standby: StandbySource.fromWalArchive({ cluster: 'acid-source', storage: { bucket: 'x' } as any }) })), /standby\.storage: .* is not valid/],
  ['a standby source uid with a space', ['StandbyFromWalArchiveOptions.uid'], p(() => ({ standby: StandbySource.fromWalArchive({ cluster: 'acid-source', storage: s3(), uid: 'a b' }) })),
    /standby\.uid: 'a b' is not valid/],
  ['a standby WAL path of an unknown scheme', ['StandbyFromWalArchiveOptions.walPath'], p(() => ({ standby: StandbySource.fromWalArchive({ storage: s3(), walPath: 'ftp://acid-wal/x' }) })),
    /standby\.walPath: 'ftp:\/\/acid-wal\/x' is not valid/],
  ['zero download concurrency', ['WalGOptions.downloadConcurrency'], p(() => walG(s3(), { downloadConcurrency: 0 })), /backup\.downloadConcurrency: 0 is not valid; expected an integer from 1 to 64/],
  ['a log endpoint without a scheme', ['S3LogShippingProps.endpoint'],
    p(() => ({ logShipping: LogShipping.toS3({ bucket: 'acid-logs', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity(), endpoint: 'minio:9000' }) })),
    /logShipping\.endpoint: 'minio:9000' is not valid; expected an http:\/\/ or https:\/\/ URL/],
  ['an empty password property', ['ExternalSecretsStoreOptions.passwordProperty'],
    p(() => ({ users: { app: [] }, credentials: Credentials.fromExternalSecretsStore({ storeName: 'vault', passwordProperty: '' }) })), /credentials\.passwordProperty: '' is not valid/],
  ['an unknown store kind', ['ExternalSecretsStoreOptions.storeKind'],
    p(() => ({ users: { app: [] }, credentials: Credentials.fromExternalSecretsStore({ storeName: 'vault', storeKind: 'Vault' as SecretStoreKind }) })), /credentials\.storeKind: 'Vault' is not valid; expected one of SecretStore, ClusterSecretStore \(SecretStoreKind\)/],
  ['a pooler load balancer without the pooler', ['ConnectionPoolerDefaults.masterLoadBalancer'], p(() => ({ connectionPooler: { master: false, replica: true, masterLoadBalancer: true } })),
    /connectionPooler\.masterLoadBalancer: true is not valid/],
  ['a replica pooler load balancer without the replica pooler', ['ConnectionPoolerDefaults.replicaLoadBalancer'], p(() => ({ connectionPooler: { replicaLoadBalancer: true } })),
    /connectionPooler\.replicaLoadBalancer: true is not valid/],
  ['a pooler with a zero memory request', ['PoolerResources.memoryRequest'], p(() => ({ connectionPooler: { resources: { memoryRequest: Size.kibibytes(0) } } })),
    /connectionPooler\.resources\.memoryRequest: '0 bytes' is not valid; expected a positive size/],
  ['a logical backup with fractional millicores', ['LogicalBackupOptions.resources'], p(() => ({ logicalBackup: { storage: s3(), resources: { cpuLimit: Cpu.millis(0.5) } } })),
    /logicalBackup\.resources\.cpuLimit: '0\.5m' is not valid; expected a whole number of millicores/],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) => row(title, covers, input, error));
