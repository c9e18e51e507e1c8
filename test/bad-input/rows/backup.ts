// Bad backup input: storages and their credentials, WAL-G, log shipping, clone, standby and logical backup.
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  Backup, BackupStorage, CloneSource, FleetDefaultsProps, LogShipping, PostgresClusterProps, PostgresVersion, S3Encryption, StandbySource,
  StorageCredentials, WalCompression,
} from '../../../src';
import { azure, gcs, s3 } from '../../backup/fixtures';
import { BadInputRow, PropPath, row } from '../row';

const irsa = StorageCredentials.irsa('arn:aws:iam::123456789012:role/postgres-backup');
const node = StorageCredentials.nodeIdentity();
const S3 = (props: Record<string, unknown>) => BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: irsa, ...props } as any);
const GCS = (props: Record<string, unknown>) => BackupStorage.gcs({ bucket: 'acid-wal', credentials: node, ...props } as any);
const AZ = (props: Record<string, unknown>) => BackupStorage.azure({ storageAccount: 'acidbackups', container: 'wal', credentials: node, ...props } as any);
const walG = (storage: BackupStorage, options: Record<string, unknown> = {}) => ({ backup: Backup.walG(storage, options as any) });
const logs = (props: Record<string, unknown>) => ({
  logShipping: LogShipping.toS3({ bucket: 'acid-logs', region: 'eu-central-1', credentials: irsa, ...props } as any),
});
const clone = (props: Record<string, unknown>) => ({ clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: s3(), ...props } as any) });
const lb = (props: Record<string, unknown>) => ({ logicalBackup: { storage: s3(), ...props } as any });

/** [title, props covered, cluster props, fleet props, message]. */
type Row = [string, PropPath[], Partial<PostgresClusterProps>, FleetDefaultsProps | undefined, RegExp];

const ROWS: Row[] = [
  // storage: bucket names
  ['S3 bucket with upper case and _', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: 'Acid_WAL' })), undefined, /backup\.storage\.bucket: 'Acid_WAL' is not valid; expected 3 to 63 lower-case letters.*S3 bucket naming rules/],
  ['S3 bucket shaped like an IP address', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: '192.168.1.1' })), undefined, /backup\.storage\.bucket: '192\.168\.1\.1' is not valid; expected .*not an IP address/],
  ['S3 bucket of 2 characters', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: 'ab' })), undefined, /backup\.storage\.bucket: 'ab' is not valid; expected 3 to 63/],
  ['S3 bucket with ..', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: 'acid..wal' })), undefined, /backup\.storage\.bucket: 'acid\.\.wal' is not valid/],
  ['S3 bucket with a reserved prefix', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: 'xn--acid' })), undefined, /backup\.storage\.bucket: 'xn--acid' is not valid; expected .*no xn--/],
  ['S3 bucket with a reserved suffix', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(S3({ bucket: 'acid-s3alias' })), undefined, /backup\.storage\.bucket: 'acid-s3alias' is not valid/],
  ['GCS bucket starting with goog', ['PostgresClusterProps.backup', 'GcsStorageProps.bucket'], walG(GCS({ bucket: 'goog-backups' })), undefined, /backup\.storage\.bucket: 'goog-backups' is not valid; expected .*not starting with "goog".*Cloud Storage bucket naming rules/],
  ['GCS bucket containing google', ['PostgresClusterProps.backup', 'GcsStorageProps.bucket'], walG(GCS({ bucket: 'my-google-wal' })), undefined, /backup\.storage\.bucket: 'my-google-wal' is not valid; expected .*not containing "google"/],
  ['GCS bucket with a 64-character part', ['PostgresClusterProps.backup', 'GcsStorageProps.bucket'], walG(GCS({ bucket: 'a'.repeat(64) })), undefined, /backup\.storage\.bucket: 'a{64}' is not valid/],
  ['Azure storage account with upper case', ['PostgresClusterProps.backup', 'AzureStorageProps.storageAccount'], walG(AZ({ storageAccount: 'AcidBackups' })), undefined, /backup\.storage\.storageAccount: 'AcidBackups' is not valid; expected 3 to 24 lower-case letters and digits/],
  ['Azure container with --', ['PostgresClusterProps.backup', 'AzureStorageProps.container'], walG(AZ({ container: 'w--al' })), undefined, /backup\.storage\.container: 'w--al' is not valid; expected 3 to 63 lower-case letters, digits and single hyphens/],
  // storage: S3 settings
  ['S3 region with spaces', ['PostgresClusterProps.backup', 'S3StorageProps.region'], walG(S3({ region: 'EU Central' })), undefined, /backup\.storage\.region: 'EU Central' is not valid; expected a region name such as eu-central-1/],
  ['S3 without a region', ['PostgresClusterProps.backup', 'S3StorageProps.region'], walG(S3({ region: undefined })), undefined, /backup\.storage\.region: undefined is not valid; expected a region name/],
  ['S3 endpoint without a scheme', ['PostgresClusterProps.backup', 'S3StorageProps.endpoint'], walG(S3({ endpoint: 'minio:9000' })), undefined, /backup\.storage\.endpoint: 'minio:9000' is not valid; expected an http:\/\/ or https:\/\/ URL/],
  ['forcePathStyle without an endpoint', ['PostgresClusterProps.backup', 'S3StorageProps.forcePathStyle'], walG(S3({ forcePathStyle: true })), undefined, /backup\.storage\.forcePathStyle: true is not valid; expected no forcePathStyle without an endpoint/],
  ['encryption given as a string', ['PostgresClusterProps.backup', 'S3StorageProps.encryption'], walG(S3({ encryption: 'AES256' })), undefined, /backup\.storage\.encryption: 'AES256' is not valid; expected S3Encryption\.AES256/],
  // storage: a provider option given to the wrong provider
  ['a region for Cloud Storage', ['PostgresClusterProps.backup', 'S3StorageProps.region'], walG(GCS({ region: 'europe-west1' })), undefined, /backup\.storage\.region: 'europe-west1' is not valid; expected no region for BackupStorage\.gcs \(it takes bucket, credentials\)/],
  ['an endpoint for Azure', ['PostgresClusterProps.backup', 'S3StorageProps.endpoint'], walG(AZ({ endpoint: 'https://x.example.com' })), undefined, /backup\.storage\.endpoint: 'https:\/\/x\.example\.com' is not valid; expected no endpoint for BackupStorage\.azure/],
  ['encryption for Cloud Storage', ['PostgresClusterProps.backup', 'S3StorageProps.encryption'], walG(GCS({ encryption: S3Encryption.AES256 })), undefined, /backup\.storage\.encryption: .* is not valid; expected no encryption for BackupStorage\.gcs/],
  ['a bucket for Azure', ['PostgresClusterProps.backup', 'S3StorageProps.bucket'], walG(AZ({ bucket: 'wal' })), undefined, /backup\.storage\.bucket: 'wal' is not valid; expected no bucket for BackupStorage\.azure/],
  // storage: credentials
  ['S3 without credentials', ['PostgresClusterProps.backup', 'S3StorageProps.credentials'], walG(S3({ credentials: undefined })), undefined, /backup\.storage\.credentials: undefined is not valid; expected credentials for BackupStorage\.s3: StorageCredentials\.irsa\(\), \.awsAccessKeys\(\) or \.nodeIdentity\(\)/],
  ['GKE workload identity for S3', ['PostgresClusterProps.backup', 'S3StorageProps.credentials'], walG(S3({ credentials: StorageCredentials.gkeWorkloadIdentity('wal@p-1234.iam.gserviceaccount.com') })), undefined, /backup\.storage\.credentials: 'StorageCredentials\.gkeWorkloadIdentity\(\)' is not valid; expected credentials for BackupStorage\.s3/],
  ['IRSA for Cloud Storage', ['PostgresClusterProps.backup', 'GcsStorageProps.credentials'], walG(GCS({ credentials: irsa })), undefined, /backup\.storage\.credentials: 'StorageCredentials\.irsa\(\)' is not valid; expected credentials for BackupStorage\.gcs/],
  ['AWS keys for Azure', ['PostgresClusterProps.backup', 'AzureStorageProps.credentials'], walG(AZ({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'k' }) })), undefined, /backup\.storage\.credentials: 'StorageCredentials\.awsAccessKeys\(\)' is not valid; expected credentials for BackupStorage\.azure/],
  ['an IRSA role that is not an ARN', ['PostgresClusterProps.backup', 'S3StorageProps.credentials'], walG(S3({ credentials: StorageCredentials.irsa('postgres-backup') })), undefined, /backup\.storage\.credentials\.roleArn: 'postgres-backup' is not valid; expected an IAM role ARN/],
  ['a GCP service account that is not an e-mail', ['PostgresClusterProps.backup', 'GcsStorageProps.credentials'], walG(GCS({ credentials: StorageCredentials.gkeWorkloadIdentity('wal') })), undefined, /backup\.storage\.credentials\.gcpServiceAccount: 'wal' is not valid; expected a GCP service account e-mail/],
  ['an Azure client id that is not a GUID', ['PostgresClusterProps.backup', 'AzureServicePrincipalOptions.clientId'], walG(AZ({ credentials: StorageCredentials.azureServicePrincipal({ clientId: 'app', tenantId: '66666666-7777-8888-9999-000000000000', secretName: 'sp' }) })), undefined, /backup\.storage\.credentials\.clientId: 'app' is not valid; expected an application \(client\) id/],
  ['a Secret name with upper case', ['PostgresClusterProps.backup', 'AwsAccessKeySecretOptions.secretName'], walG(S3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'Acid_Keys' }) })), undefined, /backup\.storage\.credentials\.secretName: 'Acid_Keys' is not valid; expected the name of a Secret/],
  ['a Secret key with a space', ['PostgresClusterProps.backup', 'GcpServiceAccountKeyOptions.key'], walG(GCS({ credentials: StorageCredentials.gcpServiceAccountKey({ secretName: 'k', key: 'key json' }) })), undefined, /backup\.storage\.credentials\.key: 'key json' is not valid; expected a Secret key/],
  // WAL-G options
  ['a schedule with hour 25', ['PostgresClusterProps.backup', 'WalGOptions.schedule'], walG(s3(), { schedule: '0 25 * * *' }), undefined, /backup\.schedule: '0 25 \* \* \*' is not valid; expected a five-field cron expression .*the hour field '25' is not 0-23/],
  ['a schedule with three fields', ['PostgresClusterProps.backup', 'WalGOptions.schedule'], walG(s3(), { schedule: '0 1 *' }), undefined, /backup\.schedule: '0 1 \*' is not valid; expected a five-field cron expression/],
  ['a schedule macro', ['PostgresClusterProps.backup', 'WalGOptions.schedule'], walG(s3(), { schedule: '@daily' }), undefined, /backup\.schedule: '@daily' is not valid; expected a five-field cron expression/],
  ['a reversed range', ['PostgresClusterProps.backup', 'WalGOptions.schedule'], walG(s3(), { schedule: '0 5-2 * * *' }), undefined, /backup\.schedule: '0 5-2 \* \* \*' is not valid/],
  ['one backup to retain', ['PostgresClusterProps.backup', 'WalGOptions.backupsToRetain'], walG(s3(), { backupsToRetain: 1 }), undefined, /backup\.backupsToRetain: 1 is not valid; expected an integer >= 2 \(Spilo never keeps fewer than 2/],
  ['a fractional retention', ['PostgresClusterProps.backup', 'WalGOptions.backupsToRetain'], walG(s3(), { backupsToRetain: 2.5 }), undefined, /backup\.backupsToRetain: 2\.5 is not valid/],
  ['an unknown compression', ['PostgresClusterProps.backup', 'WalGOptions.compression'], walG(s3(), { compression: 'gzip' as WalCompression }), undefined, /backup\.compression: 'gzip' is not valid; expected one of lz4, lzma, zstd, brotli/],
  ['an absolute scope prefix', ['PostgresClusterProps.backup', 'WalGOptions.scopePrefix'], walG(s3(), { scopePrefix: '/team' }), undefined, /backup\.scopePrefix: '\/team' is not valid; expected an object-key prefix/],
  ['a scope prefix that climbs out with ..', ['PostgresClusterProps.backup', 'WalGOptions.scopePrefix'], walG(s3(), { scopePrefix: 'team/../other-' }), undefined, /backup\.scopePrefix: 'team\/\.\.\/other-' is not valid; expected an object-key prefix .*no "\." or "\.\." segment/],
  ['a log scope prefix of ..', ['PostgresClusterProps.logShipping', 'LogShippingOptions.scopePrefix'], logs({ scopePrefix: '../' }), undefined, /logShipping\.scopePrefix: '\.\.\/' is not valid/],
  ['zero upload concurrency', ['PostgresClusterProps.backup', 'WalGOptions.uploadConcurrency'], walG(s3(), { uploadConcurrency: 0 }), undefined, /backup\.uploadConcurrency: 0 is not valid; expected an integer from 1 to 64/],
  ['an option WAL-G does not have', ['PostgresClusterProps.backup'], walG(s3(), { retention: 7 }), undefined, /backup\.retention: 7 is not valid; expected one of the WAL-G options/],
  ['a fleet backup with a bad bucket', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.backup', 'S3StorageProps.bucket'], {}, walG(S3({ bucket: 'Bad' })), /fleet\.backup\.storage\.bucket: 'Bad' is not valid/],
  ['a clusterUid with a slash', ['PostgresClusterProps.clusterUid'], { clusterUid: 'a/b' }, undefined, /clusterUid: 'a\/b' is not valid; expected a stable id of letters, digits/],
  ['backup given as a plain object', ['PostgresClusterProps.backup'], { backup: { bucket: 'x' } as any }, undefined, /backup: \{"bucket":"x"\} is not valid; expected Backup\.walG\(storage, options\) or Backup\.disabled\(\)/],
  // log shipping
  ['logs to Cloud Storage', ['PostgresClusterProps.logShipping'], { logShipping: LogShipping.toStorage(gcs()) }, undefined, /logShipping\.storage: 'BackupStorage\.gcs\(\)' is not valid; expected an S3 or S3-compatible bucket: Spilo ships logs with boto3 to S3 only/],
  ['logs to Azure', ['PostgresClusterProps.logShipping'], { logShipping: LogShipping.toStorage(azure()) }, undefined, /logShipping\.storage: 'BackupStorage\.azure\(\)' is not valid; expected an S3 or S3-compatible bucket/],
  ['hourly with a schedule', ['PostgresClusterProps.logShipping', 'LogShippingOptions.schedule', 'LogShippingOptions.hourly'], logs({ hourly: true, schedule: '1 0 * * *' }), undefined, /logShipping\.schedule, logShipping\.hourly: Spilo ignores LOG_SHIP_SCHEDULE when LOG_SHIP_HOURLY is on/],
  ['empty tags', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: {} }), undefined, /logShipping\.tags: \{\} is not valid; expected 1 to 10 tags \(Spilo fails every upload with empty tags/],
  ['eleven tags', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, 'v'])) }), undefined, /logShipping\.tags: .* is not valid; expected 1 to 10 tags/],
  ['a tag key with a space', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: { 'cost center': 'x' } }), undefined, /logShipping\.tags key: 'cost center' is not valid; expected a tag key/],
  ['a tag key starting with aws:', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: { 'aws:owner': 'x' } }), undefined, /logShipping\.tags key: 'aws:owner' is not valid/],
  ['a tag value with &', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: { team: 'a&b' } }), undefined, /logShipping\.tags\['team'\]: 'a&b' is not valid; expected a tag value/],
  ['two tags read from one variable', ['PostgresClusterProps.logShipping', 'LogShippingOptions.tags'], logs({ tags: { 'a.b': 'x', 'a_b': 'y' } }), undefined, /logShipping\.tags: tags 'a\.b' and 'a_b' would both be read from LOG_S3_TAG_A_B/],
  ['a log bucket with upper case', ['PostgresClusterProps.logShipping', 'S3LogShippingProps.bucket'], logs({ bucket: 'Logs' }), undefined, /logShipping\.bucket: 'Logs' is not valid; expected 3 to 63/],
  ['GKE credentials for logs', ['PostgresClusterProps.logShipping', 'S3LogShippingProps.credentials'], logs({ credentials: StorageCredentials.gkeWorkloadIdentity('logs-sa@p-1234.iam.gserviceaccount.com') }), undefined, /logShipping\.credentials: 'StorageCredentials\.gkeWorkloadIdentity\(\)' is not valid; expected credentials for BackupStorage\.s3/],
  ['a log region unlike the WAL region', ['PostgresClusterProps.logShipping', 'S3LogShippingProps.region'], { ...walG(s3()), ...logs({ region: 'us-east-1' }) }, undefined, /logShipping\.region: 'us-east-1' is not valid; expected the region of backup\.storage, 'eu-central-1': Spilo reads a single AWS_REGION/],
  ['path style for the log upload', ['PostgresClusterProps.logShipping', 'S3StorageProps.forcePathStyle'], { logShipping: LogShipping.toStorage(s3({ endpoint: 'https://s3.example.com', forcePathStyle: true })) }, undefined, /logShipping\.storage\.forcePathStyle: 'true' is not valid; expected no forcePathStyle: Spilo's log upload has no setting for it/],
  ['encryption for the log upload', ['PostgresClusterProps.logShipping', 'S3StorageProps.encryption'], { logShipping: LogShipping.toStorage(s3({ encryption: S3Encryption.AES256 })) }, undefined, /logShipping\.storage\.encryption: .* is not valid; expected no encryption: Spilo's log upload has no setting for it/],
  ['a log schedule with 6 fields', ['PostgresClusterProps.logShipping', 'LogShippingOptions.schedule'], logs({ schedule: '0 1 0 * * *' }), undefined, /logShipping\.schedule: '0 1 0 \* \* \*' is not valid; expected a five-field cron expression/],
  ['LOG_GROUP_BY_DATE is not offered', ['PostgresClusterProps.logShipping'], logs({ groupByDate: true }), undefined, /logShipping\.groupByDate: true is not valid; expected no groupByDate for log shipping/],
  // clone
  ['a clone timestamp without offset', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.timestamp'], clone({ timestamp: '2025-03-01T12:00:00' }), undefined, /clone\.timestamp: '2025-03-01T12:00:00' is not valid; expected an ISO-8601 timestamp with seconds and an explicit numeric UTC offset/],
  ['a clone timestamp in Z notation', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.timestamp'], clone({ timestamp: '2025-03-01T12:00:00Z' }), undefined, /clone\.timestamp: '2025-03-01T12:00:00Z' is not valid; expected .*\(use \+00:00 for UTC\)/],
  ['a clone date without time', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.timestamp'], clone({ timestamp: '2025-03-01' }), undefined, /clone\.timestamp: '2025-03-01' is not valid/],
  ['February 30th', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.timestamp'], clone({ timestamp: '2025-02-30T12:00:00+00:00' }), undefined, /clone\.timestamp: '2025-02-30T12:00:00\+00:00' is not valid; expected .*the date or time is out of range/],
  ['standby and clone both', ['PostgresClusterProps.clone', 'PostgresClusterProps.standby'], { ...clone({}), standby: StandbySource.fromPrimary({ host: 'acid-source' }) }, undefined, /clone, standby: a cluster is either cloned \(then independent\) or a standby of another one, not both/],
  ['a clone source name with upper case', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.cluster'], clone({ cluster: 'Acid_Source' }), undefined, /clone\.cluster: 'Acid_Source' is not valid; expected the source cluster name: a DNS-1035 label/],
  ['a clone without a source name', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.cluster'], clone({ cluster: undefined }), undefined, /clone\.cluster: undefined is not valid/],
  ['a clone without storage and no backup', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.storage'], clone({ storage: undefined }), undefined, /clone\.storage: undefined is not valid; expected a BackupStorage: neither the cluster nor the fleet has a backup/],
  ['a clone WAL path for another provider', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.walPath'], clone({ walPath: 'gs://acid-wal/spilo/acid-source/wal/17' }), undefined, /clone\.walPath: 'gs:\/\/acid-wal\/spilo\/acid-source\/wal\/17' is not valid; expected a s3:\/\/<bucket>\/<path> prefix/],
  ['a clone WAL path and a uid', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.uid'], clone({ walPath: 's3://acid-wal/x/wal/17', uid: 'abc' }), undefined, /clone\.uid: 'abc' is not valid; expected no uid with walPath/],
  ['WAL-E for an Azure clone', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.useWalG'], clone({ storage: azure(), useWalG: false }), undefined, /clone\.useWalG: false is not valid; expected true or unset: only WAL-G can read Azure/],
  ['a clone source uid with spaces', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.uid'], clone({ uid: 'a b' }), undefined, /clone\.uid: 'a b' is not valid; expected a stable id/],
  ['a basebackup clone with a timestamp', ['PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.timestamp'], { clone: CloneSource.fromCluster({ cluster: 'acid-source', timestamp: '2025-03-01T12:00:00+00:00' } as any) }, undefined, /clone\.timestamp: .* is not valid; expected no timestamp for CloneSource\.fromCluster/],
  ['a basebackup clone on port 70000', ['PostgresClusterProps.clone', 'CloneFromClusterOptions.port'], { clone: CloneSource.fromCluster({ cluster: 'acid-source', port: 70000 }) }, undefined, /clone\.port: 70000 is not valid; expected an integer from 1 to 65535/],
  ['a basebackup clone host with a space', ['PostgresClusterProps.clone', 'CloneFromClusterOptions.host'], { clone: CloneSource.fromCluster({ cluster: 'acid-source', host: 'bad host' }) }, undefined, /clone\.host: 'bad host' is not valid; expected a host name or IPv4 address/],
  // standby
  ['a standby changing major', ['PostgresClusterProps.version'], { standby: StandbySource.fromPrimary({ host: 'acid-source' }), version: PostgresVersion.V18, majorVersionUpgrade: { fromVersion: PostgresVersion.V17 } }, undefined, /version: '18' is not valid; expected 17 \(majorVersionUpgrade\.fromVersion\): a standby replays its source's WAL/],
  ['a standby primary without host', ['PostgresClusterProps.standby', 'StandbyPrimaryOptions.host'], { standby: StandbySource.fromPrimary({} as any) }, undefined, /standby\.host: undefined is not valid; expected a host name/],
  ['a standby port of 0', ['PostgresClusterProps.standby', 'StandbyPrimaryOptions.port'], { standby: StandbySource.fromPrimary({ host: 'acid-source', port: 0 }) }, undefined, /standby\.port: 0 is not valid; expected an integer from 1 to 65535/],
  ['a standby with users', ['PostgresClusterProps.users', 'PostgresClusterProps.standby'], { standby: StandbySource.fromPrimary({ host: 'acid-source' }), users: { app: [] } }, undefined, /users, standby: a standby cluster replays its source's roles and databases; declare users on the source cluster/],
  ['a standby with databases', ['PostgresClusterProps.databases', 'PostgresClusterProps.standby'], { standby: StandbySource.fromPrimary({ host: 'acid-source' }), databases: { app: 'postgres' } }, undefined, /databases, standby: a standby cluster replays/],
  ['a slot name with upper case', ['PostgresClusterProps.standby', 'StandbyPrimaryOptions.primarySlotName'], { standby: StandbySource.fromPrimary({ host: 'acid-source', primarySlotName: 'Slot-1' }) }, undefined, /standby\.primarySlotName: 'Slot-1' is not valid; expected a replication slot name/],
  ['a standby archive without cluster or path', ['PostgresClusterProps.standby', 'StandbyFromWalArchiveOptions.cluster'], { standby: StandbySource.fromWalArchive({ storage: s3() }) }, undefined, /standby\.cluster: undefined is not valid; expected the source cluster name/],
  ['a standby WAL path and a cluster', ['PostgresClusterProps.standby', 'StandbyFromWalArchiveOptions.cluster'], { standby: StandbySource.fromWalArchive({ storage: s3(), cluster: 'acid-source', walPath: 's3://acid-wal/spilo/acid-source/wal/18' }) }, undefined, /standby\.cluster: 'acid-source' is not valid; expected no cluster with walPath/],
  ['a bad port of the archive\'s primary', ['PostgresClusterProps.standby', 'StandbyFromWalArchiveOptions.primary', 'StandbyPrimaryOptions.port'], { standby: StandbySource.fromWalArchive({ storage: s3(), cluster: 'acid-source', primary: { host: 'acid-source', port: -1 } }) }, undefined, /standby\.primary\.port: -1 is not valid/],
  ['a standby WAL path with a bad bucket', ['PostgresClusterProps.standby'], { standby: StandbySource.fromWalArchive({ storage: s3(), walPath: 's3://Bad_Bucket/x' }) }, undefined, /standby\.walPath bucket: 'Bad_Bucket' is not valid/],
  // logical backup
  ['a logical backup without storage', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.storage'], { logicalBackup: {} }, undefined, /logicalBackup\.storage: undefined is not valid; expected a BackupStorage on the cluster's or the fleet's logicalBackup/],
  ['a logical backup schedule with minute 60', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.schedule'], lb({ schedule: '60 0 * * *' }), undefined, /logicalBackup\.schedule: '60 0 \* \* \*' is not valid; expected a five-field cron expression .*minute/],
  ['a fleet logical backup schedule with a bad month', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.logicalBackup', 'LogicalBackupOptions.schedule'], { logicalBackup: { storage: s3() } }, { logicalBackup: { schedule: '0 0 1 13 *' } }, /fleet\.logicalBackup\.schedule: '0 0 1 13 \*' is not valid/],
  ['retention for Cloud Storage dumps', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.retention'], { logicalBackup: { storage: gcs(), retention: Duration.days(7) } }, undefined, /logicalBackup\.retention: '7 days' is not valid; expected no retention for gcs: the backup script deletes old dumps on S3 only/],
  ['retention of 30 seconds', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.retention'], lb({ retention: Duration.seconds(30) }), undefined, /logicalBackup\.retention: '30 seconds' is not valid; expected a whole number of minutes/],
  ['a SAS token for Azure dumps', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.storage', 'AzureStorageProps.credentials'], { logicalBackup: { storage: azure(StorageCredentials.azureSasToken({ secretName: 'sas' })) } }, undefined, /logicalBackup\.storage\.credentials: 'StorageCredentials\.azureSasToken\(\)' is not valid; expected StorageCredentials\.azureAccessKey\(\): the logical backup script authenticates to Azure with the account key only/],
  ['a KMS key id for dumps', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.storage', 'S3StorageProps.encryption'], lb({ storage: s3({ encryption: S3Encryption.kms('key-1') }) }), undefined, /logicalBackup\.storage\.encryption: 'S3Encryption\.kms\('key-1'\)' is not valid; expected S3Encryption\.kms\(\) without a key id/],
  ['PostgreSQL 13 with the default image', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.image'], { ...lb({}), version: PostgresVersion.V13 }, undefined, /logicalBackup\.image: 'ghcr\.io\/zalando\/postgres-operator\/logical-backup:v2\.0\.1' is not valid; expected an image with PostgreSQL 13 client tools/],
  ['a pod role label the script does not know', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.podRoleLabel'], lb({}), { podRoleLabel: 'role' }, /fleet\.podRoleLabel: 'role' is not valid; expected 'spilo-role' when logical backups are on/],
  ['cluster labels without application', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.clusterLabels'], lb({}), { clusterLabels: { app: 'postgres' } }, /fleet\.clusterLabels: logical backup pods .* would match the cluster's selector/],
  ['an image with a space', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.image'], lb({ image: 'my image' }), undefined, /logicalBackup\.image: 'my image' is not valid; expected a container image reference/],
  ['a job prefix with upper case', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.logicalBackup', 'LogicalBackupDefaults.jobPrefix'], lb({}), { logicalBackup: { jobPrefix: 'Dump-' } }, /fleet\.logicalBackup\.jobPrefix: 'Dump-acid-test' is not valid; expected a DNS-1123 label/],
  ['a negative history limit', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.logicalBackup', 'LogicalBackupDefaults.successfulJobsHistoryLimit'], lb({}), { logicalBackup: { successfulJobsHistoryLimit: -1 } }, /fleet\.logicalBackup\.successfulJobsHistoryLimit: -1 is not valid; expected an integer >= 0/],
  ['a fleet-only option on the cluster', ['PostgresClusterProps.logicalBackup'], lb({ jobPrefix: 'dump-' }), undefined, /logicalBackup\.jobPrefix: 'dump-' is not valid; expected one of storage, schedule, retention, resources, image, bucketPrefix/],
  ['a bucket prefix with a leading slash', ['PostgresClusterProps.logicalBackup', 'LogicalBackupOptions.bucketPrefix'], lb({ bucketPrefix: '/spilo' }), undefined, /logicalBackup\.bucketPrefix: '\/spilo' is not valid; expected an object-key prefix/],
  // the pod as a whole
  ['an additional volume named like a backup volume', ['PostgresClusterProps.additionalVolumes'], {
    ...walG(gcs(StorageCredentials.gcpServiceAccountKey({ secretName: 'k' }))),
    additionalVolumes: [{ volume: { name: 'backup-gcp-key', emptyDir: {} }, mountPath: '/x' }],
  }, undefined, /additionalVolumes: 'backup-gcp-key' is not valid; expected a volume name other than backup-gcp-key, which the backup settings use/],
  ['two GCP service accounts for one ServiceAccount', ['PostgresClusterProps.backup', 'PostgresClusterProps.clone', 'CloneFromWalArchiveOptions.storage', 'GcsStorageProps.credentials'], {
    ...walG(gcs(StorageCredentials.gkeWorkloadIdentity('backup-a@p-1234.iam.gserviceaccount.com'))),
    clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: gcs(StorageCredentials.gkeWorkloadIdentity('backup-b@p-1234.iam.gserviceaccount.com')) }),
  }, undefined, /backup\.storage\.credentials, clone\.storage\.credentials: both set the ServiceAccount annotation iam\.gke\.io\/gcp-service-account/],
  ['a user env var the clone sets', ['PostgresClusterProps.env'], { ...clone({}), env: [{ name: 'CLONE_SCOPE', value: 'x' } as k8s.EnvVar] }, undefined, /env\[0\]\.name: 'CLONE_SCOPE' is not valid; expected a name the library does not set itself/],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, props, fleet, error]) => row(title, covers, () => ({ props, fleet }), error));
