import { azure, build, buildWith, envFrom, envMap, envNames, gcs, ROLE_ARN, s3, secretRef, spiloWalPrefix, UID } from './fixtures';
import { Backup, BackupStorage, PostgresVersion, S3Encryption, StorageCredentials, WalCompression } from '../../src';
import { backupPlan } from '../../src/resolve/backup-plan';

/** Env after the operator's core block (and our KUBERNETES_BYPASS_API_SERVICE). */
const walEnv = (container: any) => envFrom(container, 'KUBERNETES_BYPASS_API_SERVICE').slice(1);

describe('WAL-G to S3', () => {
  test('IRSA: the operator\'s bucket block, WAL-G switches, region; the role as ServiceAccount annotation only', () => {
    // GIVEN a cluster that takes over an operator-managed cluster's UID
    const { container, serviceAccount } = buildWith({ clusterUid: UID, backup: Backup.walG(s3()) });

    // THEN exactly these variables follow the core block, in this order
    expect(walEnv(container)).toEqual([
      ['WAL_S3_BUCKET', 'acid-wal'],
      ['WAL_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['WAL_BUCKET_SCOPE_PREFIX', ''],
      ['USE_WALG_BACKUP', 'true'],
      ['USE_WALG_RESTORE', 'true'],
      ['AWS_REGION', 'eu-central-1'],
    ]);
    // AND EKS injects AWS_ROLE_ARN and the token for the annotated ServiceAccount (Spilo copies both to its envdir)
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(envNames(container)).not.toContain('AWS_ROLE_ARN');
  });

  test('the bucket path a cluster with a given id archives to is the operator\'s', () => {
    // GIVEN the operator-managed cluster acid-test with UID efd12e58-… on PostgreSQL 17
    const { container } = build({ clusterUid: UID, version: PostgresVersion.V17, backup: Backup.walG(s3()) });

    // THEN Spilo builds the same prefix as under the operator (WAL_BUCKET_SCOPE_PREFIX "" and suffix /<uid>)
    expect(spiloWalPrefix(container)).toBe(`s3://acid-wal/spilo/acid-test/${UID}/wal/17`);
  });

  test('without a clusterUid the suffix is empty; a scope prefix goes before the cluster name', () => {
    const { container } = build({ backup: Backup.walG(s3(), { scopePrefix: 'team-a-' }) });
    expect(spiloWalPrefix(container)).toBe('s3://acid-wal/spilo/team-a-acid-test/wal/18');
    // an empty value is rendered without `value` (the API server would drop "")
    expect(container.env.find((e: any) => e.name === 'WAL_BUCKET_SCOPE_SUFFIX')).toEqual({ name: 'WAL_BUCKET_SCOPE_SUFFIX' });
  });

  test('options: schedule, retention, compression, backup from replica, concurrency', () => {
    const { container } = build({
      backup: Backup.walG(s3(), {
        schedule: '15 3 * * *',
        backupsToRetain: 14,
        compression: WalCompression.ZSTD,
        backupFromReplica: true,
        uploadConcurrency: 4,
        downloadConcurrency: 8,
      }),
    });
    expect(walEnv(container)).toEqual([
      ['WAL_S3_BUCKET', 'acid-wal'],
      ['WAL_BUCKET_SCOPE_SUFFIX', ''],
      ['WAL_BUCKET_SCOPE_PREFIX', ''],
      ['USE_WALG_BACKUP', 'true'],
      ['USE_WALG_RESTORE', 'true'],
      ['BACKUP_SCHEDULE', '15 3 * * *'],
      ['BACKUP_NUM_TO_RETAIN', '14'],
      ['WALG_COMPRESSION_METHOD', 'zstd'],
      ['WALG_BACKUP_FROM_REPLICA', 'true'],
      ['WALG_UPLOAD_CONCURRENCY', '4'],
      ['WALG_DOWNLOAD_CONCURRENCY', '8'],
      ['AWS_REGION', 'eu-central-1'],
    ]);
  });

  test('access keys from a Secret as secretKeyRefs (never values); the Secret is declared external', () => {
    const { container, serviceAccount } = buildWith({
      backup: Backup.walG(s3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'acid-s3', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret' }) })),
    });
    expect(walEnv(container).slice(-3)).toEqual([
      ['AWS_REGION', 'eu-central-1'],
      ['AWS_ACCESS_KEY_ID', secretRef('acid-s3', 'id')],
      ['AWS_SECRET_ACCESS_KEY', secretRef('acid-s3', 'secret')],
    ]);
    expect(serviceAccount.metadata.annotations).toBeUndefined();
  });

  test('access keys default to the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', () => {
    const { container } = build({ backup: Backup.walG(s3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'acid-s3' }) })) });
    expect(envMap(container).AWS_ACCESS_KEY_ID).toEqual(secretRef('acid-s3', 'AWS_ACCESS_KEY_ID'));
    expect(envMap(container).AWS_SECRET_ACCESS_KEY).toEqual(secretRef('acid-s3', 'AWS_SECRET_ACCESS_KEY'));
  });

  test('S3-compatible endpoint: AWS_ENDPOINT only (Spilo derives WALE_S3_ENDPOINT with path style)', () => {
    const { container } = build({ backup: Backup.walG(s3({ endpoint: 'https://minio.storage.svc:9000/', credentials: StorageCredentials.nodeIdentity() })) });
    expect(walEnv(container).slice(5)).toEqual([
      ['AWS_REGION', 'eu-central-1'],
      ['AWS_ENDPOINT', 'https://minio.storage.svc:9000'],
    ]);
  });

  test('virtual-host style: WALE_S3_ENDPOINT with the virtualhost convention', () => {
    const { container } = build({ backup: Backup.walG(s3({ endpoint: 'https://s3.example.com', forcePathStyle: false })) });
    expect(envMap(container).WALE_S3_ENDPOINT).toBe('https+virtualhost://s3.example.com');
    expect(envMap(container).AWS_ENDPOINT).toBe('https://s3.example.com');
    const pathStyle = build({ backup: Backup.walG(s3({ endpoint: 'https://s3.example.com', forcePathStyle: true })) }).container;
    expect(envNames(pathStyle)).not.toContain('WALE_S3_ENDPOINT');
  });

  test.each([
    ['AES256', S3Encryption.AES256, [['WALG_S3_SSE', 'AES256']]],
    ['KMS with a key', S3Encryption.kms('arn:aws:kms:eu-central-1:123456789012:key/abc'), [['WALG_S3_SSE', 'aws:kms'], ['WALG_S3_SSE_KMS_ID', 'arn:aws:kms:eu-central-1:123456789012:key/abc']]],
    ['KMS default key', S3Encryption.kms(), [['WALG_S3_SSE', 'aws:kms']]],
    ['none', S3Encryption.NONE, [['WALG_DISABLE_S3_SSE', 'true']]],
  ])('server-side encryption %s', (_name, encryption, expected) => {
    const { container } = build({ backup: Backup.walG(s3({ encryption })) });
    expect(walEnv(container).slice(6)).toEqual(expected);
  });

  test('without encryption nothing is rendered (Spilo: AES256 on AWS, none with an endpoint)', () => {
    const names = envNames(build({ backup: Backup.walG(s3()) }).container);
    expect(names.filter(n => /SSE/.test(n))).toEqual([]);
  });
});

describe('WAL-G to Cloud Storage', () => {
  test('workload identity: WAL_GS_BUCKET and the GKE annotation', () => {
    const { container, serviceAccount } = buildWith({ clusterUid: UID, backup: Backup.walG(gcs()) });
    expect(walEnv(container)).toEqual([
      ['WAL_GS_BUCKET', 'acid-wal'],
      ['WAL_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['WAL_BUCKET_SCOPE_PREFIX', ''],
      ['USE_WALG_BACKUP', 'true'],
      ['USE_WALG_RESTORE', 'true'],
    ]);
    expect(serviceAccount.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'backup@acid-project.iam.gserviceaccount.com' });
    expect(spiloWalPrefix(container)).toBe(`gs://acid-wal/spilo/acid-test/${UID}/wal/18`);
  });

  test('service-account key: the Secret mounted read-only at /var/secrets/backup, GOOGLE_APPLICATION_CREDENTIALS', () => {
    const { container, podSpec } = build({ backup: Backup.walG(gcs(StorageCredentials.gcpServiceAccountKey({ secretName: 'acid-gcs' }))) });
    expect(envMap(container).GOOGLE_APPLICATION_CREDENTIALS).toBe('/var/secrets/backup/key.json');
    expect(podSpec.volumes).toContainEqual({ name: 'backup-gcp-key', secret: { secretName: 'acid-gcs', items: [{ key: 'key.json', path: 'key.json' }] } });
    expect(container.volumeMounts).toContainEqual({ name: 'backup-gcp-key', mountPath: '/var/secrets/backup', readOnly: true });
  });
});

describe('WAL-G to Azure', () => {
  test('access key: the operator\'s AZURE_STORAGE_ACCOUNT block plus the WALG_AZ_PREFIX Spilo needs', () => {
    const { container } = build({ clusterUid: UID, backup: Backup.walG(azure()) });
    expect(walEnv(container)).toEqual([
      ['AZURE_STORAGE_ACCOUNT', 'acidbackups'],
      ['WAL_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['WAL_BUCKET_SCOPE_PREFIX', ''],
      ['WALG_AZ_PREFIX', `azure://wal/spilo/acid-test/${UID}/wal/18`],
      ['USE_WALG_BACKUP', 'true'],
      ['USE_WALG_RESTORE', 'true'],
      ['AZURE_STORAGE_ACCESS_KEY', secretRef('azure-backup', 'AZURE_STORAGE_ACCESS_KEY')],
    ]);
  });

  test('SAS token and service principal', () => {
    const sas = build({ backup: Backup.walG(azure(StorageCredentials.azureSasToken({ secretName: 'azure-sas', key: 'token' }))) }).container;
    expect(walEnv(sas).slice(-1)).toEqual([['AZURE_STORAGE_SAS_TOKEN', secretRef('azure-sas', 'token')]]);
    const sp = build({
      backup: Backup.walG(azure(StorageCredentials.azureServicePrincipal({
        clientId: '11111111-2222-3333-4444-555555555555', tenantId: '66666666-7777-8888-9999-000000000000', secretName: 'azure-sp',
      }))),
    }).container;
    expect(walEnv(sp).slice(-3)).toEqual([
      ['AZURE_CLIENT_ID', '11111111-2222-3333-4444-555555555555'],
      ['AZURE_TENANT_ID', '66666666-7777-8888-9999-000000000000'],
      ['AZURE_CLIENT_SECRET', secretRef('azure-sp', 'AZURE_CLIENT_SECRET')],
    ]);
  });
});

describe('fleet defaults', () => {
  const fleetBackup = Backup.walG(s3(), { backupsToRetain: 10 });

  test('a cluster inherits the fleet\'s backup', () => {
    const { container } = build({}, { backup: fleetBackup });
    expect(envMap(container).BACKUP_NUM_TO_RETAIN).toBe('10');
    expect(spiloWalPrefix(container)).toBe('s3://acid-wal/spilo/acid-test/wal/18');
  });

  test('a cluster\'s own backup replaces the fleet\'s', () => {
    const own = BackupStorage.s3({ bucket: 'team-wal', region: 'eu-west-1', credentials: StorageCredentials.nodeIdentity() });
    const { container } = build({ backup: Backup.walG(own) }, { backup: fleetBackup });
    expect(envMap(container).WAL_S3_BUCKET).toBe('team-wal');
    expect(envMap(container).AWS_REGION).toBe('eu-west-1');
    expect(envNames(container)).not.toContain('BACKUP_NUM_TO_RETAIN');
  });

  test('Backup.disabled() opts out of the fleet\'s backup', () => {
    const names = envNames(build({ backup: Backup.disabled() }, { backup: fleetBackup }).container);
    expect(names.filter(n => /WAL|BACKUP|AWS/.test(n))).toEqual([]);
  });
});

describe('env ownership', () => {
  test('a user env var with a name the backup sets is an error naming env[i] (no duplicates, unlike the operator)', () => {
    expect(() => build({ backup: Backup.walG(s3()), env: [{ name: 'AWS_REGION', value: 'us-east-1' }] }))
      .toThrow(/env\[0\]\.name: 'AWS_REGION' is not valid; expected a name the library does not set itself/);
  });

  test('user env names the library does not set are kept before the backup block', () => {
    const { container } = build({ backup: Backup.walG(s3()), env: [{ name: 'WALG_DELTA_MAX_STEPS', value: '6' }] });
    const names = envNames(container);
    expect(names.indexOf('WALG_DELTA_MAX_STEPS')).toBeLessThan(names.indexOf('WAL_S3_BUCKET'));
  });
});

describe('the library\'s own WAL prefix (written for Azure, checked against clones)', () => {
  test.each([
    [undefined, undefined],
    [UID, undefined],
    [UID, 'team-a-'],
  ])('equals what Spilo builds from the env (clusterUid %s, scopePrefix %s)', (clusterUid, scopePrefix) => {
    const props = { teamId: 'acid', clusterUid, backup: Backup.walG(s3(), { scopePrefix }) };
    const plan = backupPlan({ cluster: 'acid-test', namespace: 'db', version: '18', replicationUsername: 'standby', props, fleet: {} });
    expect(plan.walPrefix).toBe(spiloWalPrefix(build(props).container));
  });
});
