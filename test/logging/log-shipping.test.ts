import { Backup, BackupStorage, LogShipping, StorageCredentials } from '../../src';
import { backupPlan } from '../../src/resolve/backup-plan';
import { build, buildWith, envFrom, envMap, envNames, ROLE_ARN, s3, UID } from '../backup/fixtures';
import { clusterObjects } from '../util';

const LOG_ROLE = 'arn:aws:iam::123456789012:role/postgres-logs';
const toS3 = (extra: Record<string, unknown> = {}) => LogShipping.toS3({
  bucket: 'acid-logs', region: 'eu-central-1', credentials: StorageCredentials.irsa(LOG_ROLE), ...extra,
});
const logEnv = (container: any) => envFrom(container, 'LOG_S3_BUCKET');

describe('log shipping to S3', () => {
  test('the operator\'s LOG_* block, always non-empty tags, region', () => {
    const { container } = build({ clusterUid: UID, logShipping: toS3() });
    expect(logEnv(container)).toEqual([
      ['LOG_S3_BUCKET', 'acid-logs'],
      ['LOG_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['LOG_BUCKET_SCOPE_PREFIX', ''],
      // Spilo resolves each tag value from the named env var; empty tags would fail every upload
      ['LOG_S3_TAGS', '{"ClusterName":"SCOPE"}'],
      ['AWS_REGION', 'eu-central-1'],
    ]);
    expect(envNames(container)).not.toContain('LOG_GROUP_BY_DATE');
  });

  test('hourly: LOG_SHIP_HOURLY=true and no schedule', () => {
    const { container } = build({ logShipping: toS3({ hourly: true }) });
    expect(logEnv(container).slice(4)).toEqual([['LOG_SHIP_HOURLY', 'true'], ['AWS_REGION', 'eu-central-1']]);
  });

  test('daily with a schedule, an S3-compatible endpoint and a scope prefix', () => {
    const { container } = build({
      logShipping: toS3({ schedule: '5 0 * * *', endpoint: 'https://minio.storage.svc:9000', scopePrefix: 'db-', credentials: StorageCredentials.nodeIdentity() }),
    });
    expect(logEnv(container)).toEqual([
      ['LOG_S3_BUCKET', 'acid-logs'],
      ['LOG_BUCKET_SCOPE_SUFFIX', ''],
      ['LOG_BUCKET_SCOPE_PREFIX', 'db-'],
      ['LOG_S3_TAGS', '{"ClusterName":"SCOPE"}'],
      ['LOG_SHIP_SCHEDULE', '5 0 * * *'],
      ['LOG_S3_ENDPOINT', 'https://minio.storage.svc:9000'],
      ['AWS_REGION', 'eu-central-1'],
    ]);
  });

  test('tags: each value through its own env var, sorted by key', () => {
    const { container } = build({ logShipping: toS3({ tags: { 'team': 'acid', 'cost-center': 'db:42' } }) });
    expect(logEnv(container).slice(3, 6)).toEqual([
      ['LOG_S3_TAGS', '{"cost-center":"LOG_S3_TAG_COST_CENTER","team":"LOG_S3_TAG_TEAM"}'],
      ['LOG_S3_TAG_COST_CENTER', 'db:42'],
      ['LOG_S3_TAG_TEAM', 'acid'],
    ]);
  });

  test('IRSA: the role annotation and an AWS config file for the cron job, which sees no AWS_* variables', () => {
    const { objects, container, podSpec, serviceAccount } = buildWith({ logShipping: toS3() });
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': LOG_ROLE });
    const configMap = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'acid-test-log-shipping-aws');
    expect(configMap.data).toEqual({
      config: `[default]\nrole_arn = ${LOG_ROLE}\nweb_identity_token_file = /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n`,
    });
    expect(configMap.metadata.labels).toEqual({ 'application': 'spilo', 'cluster-name': 'acid-test', 'team': 'acid' });
    expect(podSpec.volumes).toContainEqual({ name: 'log-shipping-aws-config', configMap: { name: 'acid-test-log-shipping-aws' } });
    expect(container.volumeMounts).toContainEqual({ name: 'log-shipping-aws-config', mountPath: '/home/postgres/.aws', readOnly: true });
  });

  test('IRSA for WAL-G and for logs with different roles: the archive\'s role annotates, the log config names its own', () => {
    const { objects, serviceAccount } = buildWith({ backup: Backup.walG(s3()), logShipping: toS3() });
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(objects.find(o => o.kind === 'ConfigMap').data.config).toContain(`role_arn = ${LOG_ROLE}`);
  });

  test('access keys: the Secret mounted as files and read by a credential process', () => {
    const { objects, container, podSpec } = build({
      logShipping: toS3({ credentials: StorageCredentials.awsAccessKeys({ secretName: 'acid-logs-keys' }) }),
    });
    expect(podSpec.volumes).toContainEqual({
      name: 'log-shipping-aws-keys',
      secret: {
        secretName: 'acid-logs-keys',
        items: [{ key: 'AWS_ACCESS_KEY_ID', path: 'access-key-id' }, { key: 'AWS_SECRET_ACCESS_KEY', path: 'secret-access-key' }],
      },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'log-shipping-aws-keys', mountPath: '/var/secrets/log-shipping', readOnly: true });
    const data = objects.find(o => o.kind === 'ConfigMap').data;
    expect(data.config).toBe('[default]\ncredential_process = /bin/sh /home/postgres/.aws/credential-process.sh\n');
    expect(data['credential-process.sh']).toContain('id=$(cat /var/secrets/log-shipping/access-key-id)');
    expect(data['credential-process.sh']).toContain('"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"');
    // the keys never become env vars of the container
    expect(envNames(container)).not.toContain('AWS_ACCESS_KEY_ID');
  });

  test('node identity: nothing but the env', () => {
    const { objects, podSpec } = build({ logShipping: toS3({ credentials: StorageCredentials.nodeIdentity() }) });
    // no ConfigMap beyond the ones every cluster has (its SPILO_CONFIGURATION and the dynamic configuration's input)
    const configMaps = (o: any[]) => clusterObjects(o).filter(x => x.kind === 'ConfigMap');
    expect(configMaps(objects)).toEqual(configMaps(build().objects));
    expect(configMaps(objects).map(o => o.metadata.name).sort()).toEqual([expect.stringMatching(/-dcs-[0-9a-f]{6}$/), expect.stringMatching(/-spilo-configuration$/)]);
    expect(podSpec.volumes.map((v: any) => v.name)).toEqual(['dshm', 'kube-api-access', 'postgres-hooks']);
  });

  test('one AWS_REGION for WAL-G and logs when both use S3 in the same region', () => {
    const { container } = build({ backup: Backup.walG(s3()), logShipping: toS3() });
    expect(envNames(container).filter(n => n === 'AWS_REGION')).toHaveLength(1);
    expect(envFrom(container, 'WAL_S3_BUCKET').map(([name]) => name)).toEqual([
      'WAL_S3_BUCKET', 'WAL_BUCKET_SCOPE_SUFFIX', 'WAL_BUCKET_SCOPE_PREFIX', 'USE_WALG_BACKUP', 'USE_WALG_RESTORE', 'AWS_REGION',
      'LOG_S3_BUCKET', 'LOG_BUCKET_SCOPE_SUFFIX', 'LOG_BUCKET_SCOPE_PREFIX', 'LOG_S3_TAGS',
    ]);
  });

  test('toStorage reuses a backup storage description', () => {
    const storage = BackupStorage.s3({ bucket: 'acid-logs', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity() });
    const { container } = build({ logShipping: LogShipping.toStorage(storage, { hourly: true }) });
    expect(envMap(container).LOG_S3_BUCKET).toBe('acid-logs');
    expect(envMap(container).LOG_SHIP_HOURLY).toBe('true');
  });

  test('fleet default, cluster override and opt-out', () => {
    const fleet = { logShipping: toS3() };
    expect(envMap(build({}, fleet).container).LOG_S3_BUCKET).toBe('acid-logs');
    expect(envMap(build({ logShipping: toS3({ bucket: 'team-logs' }) }, fleet).container).LOG_S3_BUCKET).toBe('team-logs');
    expect(envNames(build({ logShipping: LogShipping.disabled() }, fleet).container).filter(n => n.startsWith('LOG_'))).toEqual([]);
  });
});

test('where each member\'s logs land: s3://<bucket>/spilo/<prefix><cluster><suffix>/log/<pod>/', () => {
  const props = { teamId: 'acid', clusterUid: UID, logShipping: toS3({ scopePrefix: 'db-' }) };
  const plan = backupPlan({ cluster: 'acid-test', namespace: 'db', version: '18', replicationUsername: 'standby', props, fleet: {} });
  expect(plan.logLocation).toBe(`s3://acid-logs/spilo/db-acid-test/${UID}/log/`);
});
