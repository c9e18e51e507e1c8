import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { emptyParts, fromSecret, literal, PodParts, secretsDir } from './pod-parts';
import { describeCredentials, ResolvedStorage } from './resolve-storage';
import { fail } from '../../private/validation';

export interface LogicalBackupEnvInput {
  readonly prop: string;
  readonly storage: ResolvedStorage;
  readonly cluster: string;
  readonly clusterNameLabel: string;
  readonly version: string;
  readonly superuserSecret: string;
  readonly sslMode: string;
  readonly bucketPrefix: string;
  /** `/<clusterUid>` or ''. */
  readonly suffix: string;
  /** `LOGICAL_BACKUP_S3_RETENTION_TIME` (`30 days`, `3 months`) and the prop that set it. */
  readonly retention?: { readonly text: string; readonly prop: string };
}

/**
 * Env of the logical backup container in the operator's order (generateLogicalBackupPodEnvVars).
 * The script runs with `set -o nounset`, so every variable it reads is rendered, empty or not.
 */
export function logicalBackupEnv(input: LogicalBackupEnvInput): PodParts {
  const s = input.storage;
  const c = s.credentials;
  const parts = emptyParts();
  const provider = { s3: 's3', gcs: 'gcs', azure: 'az' }[s.provider];
  parts.env.push(
    literal('SCOPE', input.cluster),
    literal('CLUSTER_NAME_LABEL', input.clusterNameLabel),
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    literal('PG_VERSION', input.version),
    literal('PGPORT', '5432'),
    literal('PGUSER', 'postgres'),
    literal('PGDATABASE', 'postgres'),
    literal('PGSSLMODE', input.sslMode),
    fromSecret('PGPASSWORD', input.superuserSecret, 'password'),
    literal('LOGICAL_BACKUP_PROVIDER', provider),
    // For Azure the script uses this "bucket" as the first path piece inside the container.
    literal('LOGICAL_BACKUP_S3_BUCKET', s.bucket),
    literal('LOGICAL_BACKUP_S3_BUCKET_PREFIX', input.bucketPrefix),
    literal('LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX', input.suffix),
  );
  if (input.retention !== undefined && s.provider !== 's3') {
    fail(input.retention.prop, input.retention.text, `no retention for ${s.provider}: the backup script deletes old dumps on S3 only`);
  }
  const unsupported = () => fail(`${s.prop}.credentials`, describeCredentials(c), supportedCredentials(s.provider));
  switch (s.provider) {
    case 's3':
      parts.env.push(
        literal('LOGICAL_BACKUP_S3_REGION', s.region!),
        literal('LOGICAL_BACKUP_S3_ENDPOINT', s.endpoint ?? ''),
        literal('LOGICAL_BACKUP_S3_SSE', sse(s)),
        literal('LOGICAL_BACKUP_S3_RETENTION_TIME', input.retention?.text ?? ''),
      );
      if (c.kind === 'aws-keys') {
        parts.env.push(fromSecret('AWS_ACCESS_KEY_ID', c.secretName!, c.keys!.accessKeyId), fromSecret('AWS_SECRET_ACCESS_KEY', c.secretName!, c.keys!.secretAccessKey));
        parts.secrets.push(c.secretName!);
      } else if (c.kind === 'irsa') {
        parts.serviceAccountAnnotations.push({ key: 'eks.amazonaws.com/role-arn', value: c.roleArn!, prop: `${s.prop}.credentials` });
      } else if (c.kind !== 'node') {unsupported();}
      break;
    case 'gcs':
      if (c.kind === 'gcp-key') {
        const volume = 'logical-backup-gcp-key';
        parts.volumes.push({ name: volume, secret: { secretName: c.secretName!, items: [{ key: c.keys!.key, path: c.keys!.key }] } });
        parts.mounts.push({ name: volume, mountPath: secretsDir('logical-backup'), readOnly: true });
        parts.env.push(literal('LOGICAL_BACKUP_GOOGLE_APPLICATION_CREDENTIALS', `${secretsDir('logical-backup')}/${c.keys!.key}`));
        parts.secrets.push(c.secretName!);
      } else if (c.kind === 'gke') {
        parts.serviceAccountAnnotations.push({ key: 'iam.gke.io/gcp-service-account', value: c.gcpServiceAccount!, prop: `${s.prop}.credentials` });
      } else if (c.kind !== 'node') {unsupported();}
      break;
    case 'azure':
      // The script passes --account-key unconditionally (and fails on an unset variable).
      if (c.kind !== 'azure-key') unsupported();
      parts.env.push(
        literal('LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_NAME', s.account!),
        literal('LOGICAL_BACKUP_AZURE_STORAGE_CONTAINER', s.bucket),
        fromSecret('LOGICAL_BACKUP_AZURE_STORAGE_ACCOUNT_KEY', c.secretName!, c.keys!.key),
      );
      parts.secrets.push(c.secretName!);
      break;
  }
  return parts;
}

function supportedCredentials(provider: string): string {
  return {
    s3: 'StorageCredentials.irsa(), .awsAccessKeys() or .nodeIdentity() for the logical backup',
    gcs: 'StorageCredentials.gkeWorkloadIdentity(), .gcpServiceAccountKey() or .nodeIdentity() for the logical backup',
    azure: 'StorageCredentials.azureAccessKey(): the logical backup script authenticates to Azure with the account key only',
  }[provider]!;
}

/** `--sse` of `aws s3 cp`: the storage's choice, else Spilo's rule (AES256 on AWS, none with an endpoint). */
function sse(s: ResolvedStorage): string {
  const e = s.encryption;
  if (e === undefined) return s.endpoint ? '' : 'AES256';
  if (e._mode === 'none') return '';
  if (e._kmsKeyId) fail(`${s.prop}.encryption`, `S3Encryption.kms('${e._kmsKeyId}')`, 'S3Encryption.kms() without a key id for logical backups: the backup script passes no --sse-kms-key-id');
  return e._mode;
}

/** `date -d "<n> <unit> ago"` text in the largest whole unit. */
export function retentionText(prop: string, retention: Duration): string {
  const minutes = retention.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < 1) fail(prop, retention.toHumanString(), 'a whole number of minutes, at least one');
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return count(minutes / 1440, 'day');
  if (minutes % 60 === 0) return count(minutes / 60, 'hour');
  return count(minutes, 'minute');
}

/** The container the operator renders (generateContainer), without its meaningless ports. */
export function logicalBackupContainer(image: string, env: k8s.EnvVar[], mounts: k8s.VolumeMount[],
  resources: k8s.ResourceRequirements, privileged: boolean, allowPrivilegeEscalation: boolean): k8s.Container {
  return {
    name: 'logical-backup',
    image,
    imagePullPolicy: 'IfNotPresent',
    resources,
    env,
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    securityContext: { allowPrivilegeEscalation, privileged, readOnlyRootFilesystem: false },
  };
}
