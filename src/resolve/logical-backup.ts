import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { resolvePodPolicy } from './pod-policy';
import { DEFAULT_LOGICAL_BACKUP_IMAGE, LogicalBackupDefaults, LogicalBackupOptions } from '../backup/logical-backup-options';
import { logicalBackupContainer, logicalBackupEnv, retentionText } from '../backup/private/logical-backup-env';
import { backupNames } from '../backup/private/names';
import { resolveStorage } from '../backup/private/resolve-storage';
import { serviceAccountAnnotations } from '../backup/private/service-account';
import { assertCron, assertScopePrefix } from '../backup/private/validate';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { ResolvedLogicalBackup } from '../model/backup';
import { names } from '../private/names';
import { containerSecurity, restrictedPodSecurity } from '../private/pod-security';
import { cpuMillis, wholeSeconds } from '../private/quantity';
import { postgresResources } from '../private/resources';
import { spiloAffinity } from '../private/spilo-pod';
import { assertDns1123Label, assertInteger, fail, failConflict } from '../private/validation';

export interface LogicalBackupJobInput {
  /** libpq sslmode of the dump's connection (`require` unless the server runs without TLS). */
  readonly sslMode: string;
  readonly cluster: string;
  readonly namespace?: string;
  readonly version: string;
  readonly suffix: string;
  /** The cluster's object labels (L1). */
  readonly labels: Record<string, string>;
  /** The cluster's selector labels (L0): backup pods must not match them. */
  readonly selector: Record<string, string>;
  /** The cluster's object annotations. */
  readonly annotations: Record<string, string>;
  readonly clusterNameLabel: string;
  readonly podRoleLabel: string;
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
}

const OPTION_KEYS = ['storage', 'schedule', 'retention', 'retentionMonths', 'resources', 'image', 'bucketPrefix'];
/** Upper bound of `retentionMonths`: a century. */
const MAX_RETENTION_MONTHS = 1200;
const DEFAULT_KEYS = [...OPTION_KEYS, 'jobPrefix', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'ttlAfterFinished'];

/**
 * The operator's logical backup (generateLogicalBackupJob): CronJob `logical-backup-<c>` running
 * pg_dumpall into object storage, with its own ServiceAccount and a Role that only lists pods
 * (the script looks up a replica, else the primary, through the API).
 */
export function resolveLogicalBackup(input: LogicalBackupJobInput): ResolvedLogicalBackup {
  const own: LogicalBackupOptions = input.props.logicalBackup ?? {};
  const defaults: LogicalBackupDefaults = input.fleet.logicalBackup ?? {};
  for (const [prop, given, allowed] of [['logicalBackup', own, OPTION_KEYS], ['fleet.logicalBackup', defaults, DEFAULT_KEYS]] as const) {
    for (const key of Object.keys(given)) {
      if (!allowed.includes(key) && (given as any)[key] !== undefined) fail(`${prop}.${key}`, (given as any)[key], `one of ${allowed.join(', ')}`);
    }
  }
  const pick = <K extends keyof LogicalBackupOptions>(key: K) =>
    own[key] !== undefined ? { value: own[key], prop: `logicalBackup.${key}` } : { value: defaults[key], prop: `fleet.logicalBackup.${key}` };

  const storagePick = pick('storage');
  if (storagePick.value === undefined) fail('logicalBackup.storage', undefined, 'a BackupStorage on the cluster\'s or the fleet\'s logicalBackup');
  const storage = resolveStorage(storagePick.prop, storagePick.value);
  const image = pick('image').value ?? DEFAULT_LOGICAL_BACKUP_IMAGE;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) fail(pick('image').prop, image, 'a container image reference');
  if (image === DEFAULT_LOGICAL_BACKUP_IMAGE && input.version === '13') {
    fail('logicalBackup.image', image, 'an image with PostgreSQL 13 client tools: the default image ships pg_dumpall 14 to 18 only');
  }
  if (input.podRoleLabel !== 'spilo-role') {
    fail('fleet.podRoleLabel', input.podRoleLabel, "'spilo-role' when logical backups are on: the backup script finds replicas by that label");
  }
  const schedule = pick('schedule');
  const bucketPrefix = pick('bucketPrefix');
  const jobPrefix = defaults.jobPrefix ?? 'logical-backup-';
  const name = backupNames.logicalBackupJob(jobPrefix, input.cluster);
  assertDns1123Label('fleet.logicalBackup.jobPrefix', name);

  const labels: Record<string, string> = { ...input.labels, application: 'spilo-logical-backup' };
  if (Object.entries(input.selector).every(([k, v]) => labels[k] === v)) {
    failConflict('fleet.clusterLabels', `logical backup pods (labels ${JSON.stringify(labels)}) would match the cluster's selector; the operator relabels only 'application', so clusterLabels must contain it`);
  }
  const fleet = input.fleet;
  const props = input.props;
  const annotations = { ...fleet.podAnnotations, ...props.podAnnotations, ...input.annotations };

  const superuserSecret = names.credentialsSecret('postgres', input.cluster);
  const retention = resolveRetention(own, defaults);
  const parts = logicalBackupEnv({
    prop: 'logicalBackup',
    storage,
    cluster: input.cluster,
    clusterNameLabel: input.clusterNameLabel,
    version: input.version,
    superuserSecret,
    sslMode: input.sslMode,
    bucketPrefix: assertScopePrefix(bucketPrefix.prop, bucketPrefix.value ?? 'spilo'),
    suffix: input.suffix,
    retention,
  });
  const saAnnotations = serviceAccountAnnotations(parts.serviceAccountAnnotations);

  // The operator raises the memory request to the limit on every container it generates, this one included.
  // Checked here first, so that an error names logicalBackup.resources rather than the postgres container's resources.
  const resources = pick('resources');
  for (const k of ['cpuRequest', 'cpuLimit'] as const) if (resources.value?.[k] !== undefined) cpuMillis(resources.value[k], `${resources.prop}.${k}`);
  const q = postgresResources(resources.value, fleet.resources, { setMemoryRequestToLimit: fleet.resourceThresholds?.setMemoryRequestToLimit },
    { own: resources.prop, fleet: 'fleet.resources', thresholds: 'fleet.resourceThresholds' });
  const toQuantities = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  const operatorContainer = logicalBackupContainer(image, parts.env, parts.mounts,
    { requests: toQuantities(q.requests), limits: toQuantities(q.limits) },
    fleet.privileged ?? false, fleet.allowPrivilegeEscalation ?? true);
  const ids = Object.fromEntries(([
    ['runAsUser', props.runAsUser ?? fleet.runAsUser], ['runAsGroup', props.runAsGroup ?? fleet.runAsGroup], ['fsGroup', props.fsGroup ?? fleet.fsGroup],
  ] as const).filter(([, v]) => v !== undefined));
  // The cluster's profile covers its logical backup too (the pod template checked the props already).
  const policy = resolvePodPolicy(props, fleet);
  const restricted = policy.restricted;
  const securityContext = restricted ? restrictedPodSecurity(ids, p => p) : ids;
  const container = restricted
    ? { ...operatorContainer, securityContext: containerSecurity('logicalBackup', { readOnlyRootFilesystem: false }, policy) }
    : operatorContainer;
  const tolerations = props.tolerations ?? fleet.tolerations ?? [];
  const affinity = spiloAffinity({
    selectorLabels: labels,
    objectLabels: labels,
    nodeReadinessLabel: fleet.nodeReadinessLabel,
    nodeReadinessLabelMerge: fleet.nodeReadinessLabelMerge ?? 'OR',
    topologySpreadConstraints: [],
  });
  const limits = (key: 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit') => {
    assertInteger(`fleet.logicalBackup.${key}`, defaults[key], 0);
    return defaults[key] ?? 3;
  };
  const ttl: Duration = defaults.ttlAfterFinished ?? Duration.days(1);
  return {
    name,
    labels,
    annotations,
    serviceAccountAnnotations: saAnnotations,
    secrets: [superuserSecret, ...parts.secrets],
    schedule: assertCron(schedule.prop, schedule.value ?? '30 00 * * *'),
    successfulJobsHistoryLimit: limits('successfulJobsHistoryLimit'),
    failedJobsHistoryLimit: limits('failedJobsHistoryLimit'),
    // Jobs are the CronJob's children, never in git: deleting them cannot make a GitOps tool recreate them.
    ttlSecondsAfterFinished: wholeSeconds(ttl, 'fleet.logicalBackup.ttlAfterFinished'),
    terminationGracePeriodSeconds: wholeSeconds(fleet.podTerminateGracePeriod ?? Duration.minutes(5), 'fleet.podTerminateGracePeriod'),
    securityContext,
    container,
    volumes: parts.volumes,
    tolerations,
    ...(affinity ? { affinity } : {}),
  };
}

/**
 * `LOGICAL_BACKUP_S3_RETENTION_TIME`: the cluster's `retention` or `retentionMonths` over the fleet's, as the text the
 * backup script hands to `date` (`30 days`, `36 hours`, `3 months`).
 */
function resolveRetention(own: LogicalBackupOptions, defaults: LogicalBackupDefaults): { text: string; prop: string } | undefined {
  for (const [prop, given] of [['logicalBackup', own], ['fleet.logicalBackup', defaults]] as const) {
    if (given.retention !== undefined && given.retentionMonths !== undefined) {
      failConflict(`${prop}.retention, ${prop}.retentionMonths`, 'set one of them: a fixed duration or calendar months');
    }
    if (given.retention !== undefined) return { text: retentionText(`${prop}.retention`, given.retention), prop: `${prop}.retention` };
    if (given.retentionMonths !== undefined) {
      const months = given.retentionMonths;
      assertInteger(`${prop}.retentionMonths`, months, 1, MAX_RETENTION_MONTHS);
      return { text: months === 1 ? '1 month' : `${months} months`, prop: `${prop}.retentionMonths` };
    }
  }
  return undefined;
}
