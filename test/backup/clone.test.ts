import { azure, build, buildWith, envFrom, envMap, envNames, gcs, ROLE_ARN, s3, secretRef, UID } from './fixtures';
import { Backup, CloneSource, StorageCredentials } from '../../src';

const cloneEnv = (container: any) => envFrom(container, 'CLONE_SCOPE');
const TOKEN = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

describe('clone from a WAL archive', () => {
  test('S3 with IRSA, up to a timestamp: the operator\'s CLONE_* env plus the region Spilo needs', () => {
    const { container } = build({
      clone: CloneSource.fromWalArchive({ cluster: 'acid-source', timestamp: '2025-03-01T12:00:00+01:00', uid: UID, storage: s3() }),
    });
    expect(cloneEnv(container)).toEqual([
      ['CLONE_SCOPE', 'acid-source'],
      ['CLONE_WAL_S3_BUCKET', 'acid-wal'],
      ['CLONE_WAL_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['CLONE_METHOD', 'CLONE_WITH_WALE'],
      ['CLONE_TARGET_TIME', '2025-03-01T12:00:00+01:00'],
      ['CLONE_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['CLONE_AWS_REGION', 'eu-central-1'],
      ['CLONE_AWS_ROLE_ARN', ROLE_ARN],
      ['CLONE_AWS_WEB_IDENTITY_TOKEN_FILE', TOKEN],
    ]);
  });

  test('the source defaults to the cluster\'s (or fleet\'s) backup storage, as the operator uses its WAL bucket', () => {
    const { container } = build({ clone: CloneSource.fromWalArchive({ cluster: 'acid-source', timestamp: '2025-03-01T12:00:00-05:30' }) }, { backup: Backup.walG(s3()) });
    expect(envMap(container).CLONE_WAL_S3_BUCKET).toBe('acid-wal');
    // the clone block comes before the cluster's own WAL block, as in the operator
    expect(envNames(container).indexOf('CLONE_SCOPE')).toBeLessThan(envNames(container).indexOf('WAL_S3_BUCKET'));
  });

  test('without a timestamp: the latest backup and all WAL after it (no CLONE_TARGET_TIME)', () => {
    const { container } = build({ clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: s3() }) });
    expect(envNames(container)).not.toContain('CLONE_TARGET_TIME');
    expect(envMap(container).CLONE_WAL_BUCKET_SCOPE_SUFFIX).toBe('');
  });

  test('an explicit WAL path replaces bucket and suffix (the operator\'s s3_wal_path)', () => {
    const { container } = build({
      clone: CloneSource.fromWalArchive({
        cluster: 'acid-source',
        timestamp: '2025-03-01T12:00:00+00:00',
        walPath: 's3://old-bucket/spilo/acid-source/wal/14',
        storage: s3({ endpoint: 'https://minio.storage.svc:9000', credentials: StorageCredentials.awsAccessKeys({ secretName: 'minio-keys' }) }),
      }),
    });
    expect(cloneEnv(container)).toEqual([
      ['CLONE_SCOPE', 'acid-source'],
      ['CLONE_WALE_S3_PREFIX', 's3://old-bucket/spilo/acid-source/wal/14'],
      ['CLONE_METHOD', 'CLONE_WITH_WALE'],
      ['CLONE_TARGET_TIME', '2025-03-01T12:00:00+00:00'],
      ['CLONE_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['CLONE_AWS_REGION', 'eu-central-1'],
      ['CLONE_AWS_ENDPOINT', 'https://minio.storage.svc:9000'],
      ['CLONE_AWS_ACCESS_KEY_ID', secretRef('minio-keys', 'AWS_ACCESS_KEY_ID')],
      ['CLONE_AWS_SECRET_ACCESS_KEY', secretRef('minio-keys', 'AWS_SECRET_ACCESS_KEY')],
    ]);
  });

  test('Cloud Storage with a key file: CLONE_WAL_GS_BUCKET, CLONE_GOOGLE_APPLICATION_CREDENTIALS and its own volume', () => {
    const { container, podSpec } = build({
      clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: gcs(StorageCredentials.gcpServiceAccountKey({ secretName: 'gcs-key', key: 'sa.json' })), useWalG: true }),
    });
    expect(cloneEnv(container)).toEqual([
      ['CLONE_SCOPE', 'acid-source'],
      ['CLONE_WAL_GS_BUCKET', 'acid-wal'],
      ['CLONE_WAL_BUCKET_SCOPE_SUFFIX', ''],
      ['CLONE_METHOD', 'CLONE_WITH_WALE'],
      ['CLONE_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['CLONE_USE_WALG_RESTORE', 'true'],
      ['CLONE_GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/clone/sa.json'],
    ]);
    expect(podSpec.volumes).toContainEqual({ name: 'clone-gcp-key', secret: { secretName: 'gcs-key', items: [{ key: 'sa.json', path: 'sa.json' }] } });
    expect(container.volumeMounts).toContainEqual({ name: 'clone-gcp-key', mountPath: '/var/secrets/clone', readOnly: true });
  });

  test('Azure: the WAL-G prefix Spilo needs (it writes no envdir for a bucket name) and WAL-G restore', () => {
    const { container } = build({ clone: CloneSource.fromWalArchive({ cluster: 'acid-source', uid: UID, storage: azure() }) });
    expect(cloneEnv(container)).toEqual([
      ['CLONE_SCOPE', 'acid-source'],
      ['CLONE_AZURE_STORAGE_ACCOUNT', 'acidbackups'],
      ['CLONE_WALG_AZ_PREFIX', `azure://wal/spilo/acid-source/${UID}/wal/`],
      ['CLONE_WAL_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['CLONE_METHOD', 'CLONE_WITH_WALE'],
      ['CLONE_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['CLONE_USE_WALG_RESTORE', 'true'],
      ['CLONE_AZURE_STORAGE_ACCESS_KEY', secretRef('azure-backup', 'AZURE_STORAGE_ACCESS_KEY')],
    ]);
  });
});

describe('IRSA for the archive and for the clone source', () => {
  test('the archive\'s role annotates the ServiceAccount; the clone names its own role in CLONE_AWS_ROLE_ARN', () => {
    const sourceRole = 'arn:aws:iam::210987654321:role/source-wal';
    const { container, serviceAccount } = buildWith({
      backup: Backup.walG(s3()),
      clone: CloneSource.fromWalArchive({ cluster: 'acid-source', storage: s3({ bucket: 'source-wal', credentials: StorageCredentials.irsa(sourceRole) }) }),
    });
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(envMap(container).CLONE_AWS_ROLE_ARN).toBe(sourceRole);
  });
});

describe('clone from a running cluster', () => {
  test('basebackup: the operator\'s env, password from the source\'s replication Secret', () => {
    const { container } = build({ clone: CloneSource.fromCluster({ cluster: 'acid-source' }) });
    expect(cloneEnv(container)).toEqual([
      ['CLONE_SCOPE', 'acid-source'],
      ['CLONE_METHOD', 'CLONE_WITH_BASEBACKUP'],
      ['CLONE_HOST', 'acid-source'],
      ['CLONE_PORT', '5432'],
      ['CLONE_USER', 'standby'],
      ['CLONE_PASSWORD', secretRef('standby.acid-source.credentials.postgresql.acid.zalan.do', 'password')],
    ]);
  });

  test('another host, port, replication user and Secret', () => {
    const { container } = build(
      { clone: CloneSource.fromCluster({ cluster: 'acid-source', host: 'acid-source.other.svc', port: 6432, passwordSecretName: 'source-replication' }) },
      { replicationUsername: 'replicator' });
    expect(cloneEnv(container).slice(2)).toEqual([
      ['CLONE_HOST', 'acid-source.other.svc'],
      ['CLONE_PORT', '6432'],
      ['CLONE_USER', 'replicator'],
      ['CLONE_PASSWORD', secretRef('source-replication', 'password')],
    ]);
  });
});
