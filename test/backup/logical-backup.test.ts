import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { azure, build, gcs, ROLE_ARN, s3, secretRef, UID } from './fixtures';
import { BackupStorage, S3Encryption, StorageCredentials } from '../../src';
import { named } from '../util';

const JOB = 'logical-backup-acid-test';
const cronJob = (objects: any[], name = JOB) => named(objects, 'CronJob', name);
const podSpec = (cron: any) => cron.spec.jobTemplate.spec.template.spec;
const container = (cron: any) => podSpec(cron).containers[0];
const env = (cron: any) => (container(cron).env as any[]).map(e => [e.name, e.value ?? e.valueFrom ?? '']);
const BACKUP_LABELS = { 'application': 'spilo-logical-backup', 'cluster-name': 'acid-test', 'team': 'acid' };

/** The operator's fixed head of the env list (generateLogicalBackupPodEnvVars). */
const HEAD = [
  ['SCOPE', 'acid-test'],
  ['CLUSTER_NAME_LABEL', 'cluster-name'],
  ['POD_NAMESPACE', { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
  ['PG_VERSION', '18'],
  ['PGPORT', '5432'],
  ['PGUSER', 'postgres'],
  ['PGDATABASE', 'postgres'],
  ['PGSSLMODE', 'require'],
  ['PGPASSWORD', secretRef('postgres.acid-test.credentials.postgresql.acid.zalan.do', 'password')],
];

describe('logical backup CronJob', () => {
  test('defaults: the operator\'s CronJob (snapshot checked against generateLogicalBackupJob)', () => {
    const { objects } = build({ logicalBackup: { storage: s3() } });
    expect(cronJob(objects)).toMatchSnapshot();
  });

  test('CronJob spec: schedule 30 00 * * *, Forbid, history 3/3, Job TTL one day, restartPolicy Never', () => {
    const cron = cronJob(build({ logicalBackup: { storage: s3() } }).objects);
    expect(cron.metadata.labels).toEqual(BACKUP_LABELS);
    expect(cron.spec.schedule).toBe('30 00 * * *');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.successfulJobsHistoryLimit).toBe(3);
    expect(cron.spec.failedJobsHistoryLimit).toBe(3);
    expect(cron.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(cron.spec.jobTemplate.metadata.labels).toEqual(BACKUP_LABELS);
    expect(cron.spec.jobTemplate.spec.template.metadata.labels).toEqual(BACKUP_LABELS);
    expect(podSpec(cron).restartPolicy).toBe('Never');
    expect(podSpec(cron).serviceAccountName).toBe(JOB);
    expect(podSpec(cron).terminationGracePeriodSeconds).toBe(300);
    expect(container(cron).image).toBe('ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1');
    expect(container(cron).ports).toBeUndefined();
  });

  test('S3: env in the operator\'s order; every variable the script reads is set (it runs with nounset)', () => {
    const cron = cronJob(build({ clusterUid: UID, logicalBackup: { storage: s3(), retention: Duration.days(30) } }).objects);
    expect(env(cron)).toEqual([
      ...HEAD,
      ['LOGICAL_BACKUP_PROVIDER', 's3'],
      ['LOGICAL_BACKUP_S3_BUCKET', 'acid-wal'],
      ['LOGICAL_BACKUP_S3_BUCKET_PREFIX', 'spilo'],
      ['LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX', `/${UID}`],
      ['LOGICAL_BACKUP_S3_REGION', 'eu-central-1'],
      ['LOGICAL_BACKUP_S3_ENDPOINT', ''],
      ['LOGICAL_BACKUP_S3_SSE', 'AES256'],
      ['LOGICAL_BACKUP_S3_RETENTION_TIME', '30 days'],
    ]);
    // empty values have no `value` key at all (the API server would drop "")
    expect(container(cron).env.find((e: any) => e.name === 'LOGICAL_BACKUP_S3_ENDPOINT')).toEqual({ name: 'LOGICAL_BACKUP_S3_ENDPOINT' });
  });

  test('S3-compatible with access keys: endpoint, no SSE, keys as secretKeyRefs', () => {
    const storage = s3({ endpoint: 'https://minio.storage.svc:9000', credentials: StorageCredentials.awsAccessKeys({ secretName: 'minio-keys' }) });
    const cron = cronJob(build({ logicalBackup: { storage, retention: Duration.hours(36) } }).objects);
    expect(env(cron).slice(HEAD.length + 4)).toEqual([
      ['LOGICAL_BACKUP_S3_REGION', 'eu-central-1'],
      ['LOGICAL_BACKUP_S3_ENDPOINT', 'https://minio.storage.svc:9000'],
      ['LOGICAL_BACKUP_S3_SSE', ''],
      ['LOGICAL_BACKUP_S3_RETENTION_TIME', '36 hours'],
      ['AWS_ACCESS_KEY_ID', secretRef('minio-keys', 'AWS_ACCESS_KEY_ID')],
      ['AWS_SECRET_ACCESS_KEY', secretRef('minio-keys', 'AWS_SECRET_ACCESS_KEY')],
    ]);
  });

  test('KMS without a key id becomes --sse=aws:kms', () => {
    const cron = cronJob(build({ logicalBackup: { storage: s3({ encryption: S3Encryption.kms() }) } }).objects);
    expect(env(cron)).toContainEqual(['LOGICAL_BACKUP_S3_SSE', 'aws:kms']);
  });

  test('Cloud Storage with a key file: LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS and the mounted Secret', () => {
    const cron = cronJob(build({ logicalBackup: { storage: gcs(StorageCredentials.gcpServiceAccountKey({ secretName: 'gcs-key' })) } }).objects);
    expect(env(cron).slice(HEAD.length)).toEqual([
      ['LOGICAL_BACKUP_PROVIDER', 'gcs'],
      ['LOGICAL_BACKUP_S3_BUCKET', 'acid-wal'],
      ['LOGICAL_BACKUP_S3_BUCKET_PREFIX', 'spilo'],
      ['LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX', ''],
      ['LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/logical-backup/key.json'],
    ]);
    expect(podSpec(cron).volumes).toEqual([{ name: 'logical-backup-gcp-key', secret: { secretName: 'gcs-key', items: [{ key: 'key.json', path: 'key.json' }] } }]);
    expect(container(cron).volumeMounts).toEqual([{ name: 'logical-backup-gcp-key', mountPath: '/var/secrets/logical-backup', readOnly: true }]);
  });

  test('Azure: account, container and the account key', () => {
    const cron = cronJob(build({ logicalBackup: { storage: azure() } }).objects);
    expect(env(cron).slice(HEAD.length)).toEqual([
      ['LOGICAL_BACKUP_PROVIDER', 'az'],
      ['LOGICAL_BACKUP_S3_BUCKET', 'wal'],
      ['LOGICAL_BACKUP_S3_BUCKET_PREFIX', 'spilo'],
      ['LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX', ''],
      ['LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME', 'acidbackups'],
      ['LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER', 'wal'],
      ['LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY', secretRef('azure-backup', 'AZURE_STORAGE_ACCESS_KEY')],
    ]);
  });

  test('its own ServiceAccount, and a Role that only lists pods (the script finds a replica through the API)', () => {
    const { objects } = build({ logicalBackup: { storage: s3() } });
    expect(named(objects, 'ServiceAccount', JOB).metadata).toEqual({
      name: JOB, namespace: 'db', labels: BACKUP_LABELS, annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN },
    });
    expect(named(objects, 'Role', JOB).rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    expect(named(objects, 'RoleBinding', JOB).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: JOB });
    expect(named(objects, 'RoleBinding', JOB).subjects).toEqual([{ kind: 'ServiceAccount', name: JOB, namespace: 'db' }]);
  });

  test('GKE workload identity annotates the backup ServiceAccount', () => {
    const { objects } = build({ logicalBackup: { storage: gcs() } });
    expect(named(objects, 'ServiceAccount', JOB).metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'backup@acid-project.iam.gserviceaccount.com' });
  });

  test('the name is cut to 52 characters without a trailing hyphen, as the operator\'s trimCronjobName', () => {
    // GIVEN a 51-character cluster name whose 37th character is a hyphen
    const name = 'a'.repeat(36) + '-' + 'b'.repeat(14);
    const { objects } = build({ name, logicalBackup: { storage: s3() } });
    const cron = objects.find(o => o.kind === 'CronJob');
    expect(cron.metadata.name).toBe(`logical-backup-${'a'.repeat(36)}`);
    expect(cron.metadata.name.length).toBe(51);
  });

  test('fleet defaults: storage, image, schedule, retention, resources, prefix, history, TTL; the cluster overrides', () => {
    const fleet = {
      logicalBackup: {
        storage: s3(),
        image: 'registry.example.com/logical-backup:1',
        schedule: '0 3 * * *',
        retention: Duration.days(14),
        resources: { cpuRequest: Cpu.millis(50), memoryLimit: Size.gibibytes(1) },
        bucketPrefix: 'dumps',
        jobPrefix: 'dump-',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 5,
        ttlAfterFinished: Duration.hours(2),
      },
    };
    const cron = cronJob(build({ logicalBackup: { schedule: '0 4 * * 0' } }, fleet).objects, 'dump-acid-test');
    expect(cron.spec.schedule).toBe('0 4 * * 0');
    expect(cron.spec.successfulJobsHistoryLimit).toBe(1);
    expect(cron.spec.failedJobsHistoryLimit).toBe(5);
    expect(cron.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(7200);
    expect(container(cron).image).toBe('registry.example.com/logical-backup:1');
    expect(container(cron).resources).toEqual({ requests: { cpu: '50m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(env(cron)).toContainEqual(['LOGICAL_BACKUP_S3_BUCKET_PREFIX', 'dumps']);
    expect(env(cron)).toContainEqual(['LOGICAL_BACKUP_S3_RETENTION_TIME', '14 days']);
  });

  test('retention in calendar months (the operator\'s "3 months"); the cluster\'s months override the fleet\'s days, and the other way round', () => {
    const retention = (props: object, fleet?: object) => env(cronJob(build({ logicalBackup: { storage: s3(), ...props } }, fleet).objects))
      .find(([name]) => name === 'LOGICAL_BACKUP_S3_RETENTION_TIME')?.[1];
    expect(retention({ retentionMonths: 3 })).toBe('3 months');
    expect(retention({ retentionMonths: 1 })).toBe('1 month');
    expect(retention({ retentionMonths: 3 }, { logicalBackup: { retention: Duration.days(14) } })).toBe('3 months');
    expect(retention({ retention: Duration.days(14) }, { logicalBackup: { retentionMonths: 12 } })).toBe('14 days');
    expect(retention({}, { logicalBackup: { retentionMonths: 12 } })).toBe('12 months');
  });

  test('setMemoryRequestToLimit raises the memory request to the limit, as on every container the operator generates', () => {
    const resources = { memoryRequest: Size.mebibytes(128), memoryLimit: Size.gibibytes(1) };
    const cron = cronJob(build({ logicalBackup: { storage: s3(), resources } }, { resourceThresholds: { setMemoryRequestToLimit: true } }).objects);
    expect(container(cron).resources.requests.memory).toBe('1Gi');
  });

  test('scheduling from the cluster: tolerations, readiness-label node affinity, pod security context, annotations', () => {
    const { objects } = build(
      { logicalBackup: { storage: s3() }, runAsUser: 101, podAnnotations: { 'example.com/owner': 'acid' } },
      { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }], nodeReadinessLabel: { 'lifecycle-status': 'ready' } });
    const cron = cronJob(objects);
    expect(podSpec(cron).tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }]);
    expect(podSpec(cron).affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'lifecycle-status', operator: 'In', values: ['ready'] }] }] } },
    });
    expect(podSpec(cron).securityContext).toEqual({ runAsUser: 101 });
    for (const meta of [cron.metadata, cron.spec.jobTemplate.metadata, cron.spec.jobTemplate.spec.template.metadata]) {
      expect(meta.annotations).toEqual({ 'example.com/owner': 'acid' });
    }
  });

  test('no CronJob without logicalBackup', () => {
    expect(build().objects.filter(o => o.kind === 'CronJob')).toEqual([]);
  });

  test('the cluster exposes the CronJob', () => {
    const { cluster } = build({ logicalBackup: { storage: BackupStorage.s3({ bucket: 'dumps', region: 'us-east-1', credentials: StorageCredentials.nodeIdentity() }) } });
    expect(cluster.logicalBackupCronJob?.name).toBe(JOB);
  });
});
