import { azure, build, buildWith, envFrom, envNames, gcs, ROLE_ARN, s3, secretRef, UID } from './fixtures';
import { PostgresVersion, StandbySource, StorageCredentials } from '../../src';

const standbyEnv = (container: any) => envFrom(container, (container.env as any[]).find(e => e.name.startsWith('STANDBY_')).name);

describe('standby cluster', () => {
  test('streaming from a primary: STANDBY_HOST, STANDBY_PORT, STANDBY_PRIMARY_SLOT_NAME', () => {
    const { container } = build({ standby: StandbySource.fromPrimary({ host: 'acid-source.other.svc', port: 5433, primarySlotName: 'standby_dr' }) });
    expect(standbyEnv(container)).toEqual([
      ['STANDBY_HOST', 'acid-source.other.svc'],
      ['STANDBY_PORT', '5433'],
      ['STANDBY_PRIMARY_SLOT_NAME', 'standby_dr'],
    ]);
  });

  test('the port and slot are optional (Patroni uses 5432)', () => {
    expect(standbyEnv(build({ standby: StandbySource.fromPrimary({ host: '10.0.0.12' }) }).container)).toEqual([['STANDBY_HOST', '10.0.0.12']]);
  });

  test('from an S3 archive: the full prefix of the source with this cluster\'s version, as the operator\'s s3_wal_path', () => {
    const { container, serviceAccount } = buildWith({
      version: PostgresVersion.V17,
      standby: StandbySource.fromWalArchive({ cluster: 'acid-source', uid: UID, storage: s3() }),
    });
    expect(standbyEnv(container)).toEqual([
      ['STANDBY_WALE_S3_PREFIX', `s3://acid-wal/spilo/acid-source/${UID}/wal/17`],
      ['STANDBY_METHOD', 'STANDBY_WITH_WALE'],
      ['STANDBY_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['STANDBY_AWS_REGION', 'eu-central-1'],
      ['STANDBY_AWS_ROLE_ARN', ROLE_ARN],
      ['STANDBY_AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
    ]);
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
  });

  test('from a Cloud Storage path, also streaming from the primary (host first, as the operator)', () => {
    const { container } = build({
      standby: StandbySource.fromWalArchive({
        walPath: 'gs://dr-bucket/spilo/acid-source/wal/18', storage: gcs(StorageCredentials.nodeIdentity()), primary: { host: 'acid-source.other.svc' },
      }),
    });
    expect(standbyEnv(container)).toEqual([
      ['STANDBY_HOST', 'acid-source.other.svc'],
      ['STANDBY_WALE_GS_PREFIX', 'gs://dr-bucket/spilo/acid-source/wal/18'],
      ['STANDBY_METHOD', 'STANDBY_WITH_WALE'],
      ['STANDBY_WAL_BUCKET_SCOPE_PREFIX', ''],
    ]);
  });

  test('from Azure: STANDBY_WALG_AZ_PREFIX with the account, key and WAL-G restore', () => {
    const { container } = build({ standby: StandbySource.fromWalArchive({ cluster: 'acid-source', storage: azure() }) });
    expect(standbyEnv(container)).toEqual([
      ['STANDBY_AZURE_STORAGE_ACCOUNT', 'acidbackups'],
      ['STANDBY_WALG_AZ_PREFIX', 'azure://wal/spilo/acid-source/wal/18'],
      ['STANDBY_METHOD', 'STANDBY_WITH_WALE'],
      ['STANDBY_WAL_BUCKET_SCOPE_PREFIX', ''],
      ['STANDBY_USE_WALG_RESTORE', 'true'],
      ['STANDBY_AZURE_STORAGE_ACCESS_KEY', secretRef('azure-backup', 'AZURE_STORAGE_ACCESS_KEY')],
    ]);
  });

  test('no CLONE_* with a standby', () => {
    const names = envNames(build({ standby: StandbySource.fromPrimary({ host: 'acid-source' }) }).container);
    expect(names.filter(n => n.startsWith('CLONE_'))).toEqual([]);
  });
});
