import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { backupNames } from './names';
import { mergeParts, PodParts } from './pod-parts';
import { ResolvedStorage, scopeSuffix } from './resolve-storage';
import { cloneEnv, standbyEnv } from './source-env';
import { assertPathId } from './validate';
import { walEnv } from './wal-env';
import { FleetDefaultsProps } from '../../cluster/fleet-defaults';
import { PostgresClusterProps } from '../../cluster/postgres-cluster-props';
import { declareExternal } from '../../private/external';
import { fail, failConflict } from '../../private/validation';
import { logEnv } from '../../logging/private/log-env';

export interface BackupPlanInput {
  readonly cluster: string;
  readonly namespace?: string;
  readonly version: string;
  readonly replicationUsername: string;
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
}

/** What backups, log shipping, clone and standby add to the database pods. */
export interface BackupPlan {
  /** Env after the user's `env`, in the operator's order: clone, standby, WAL bucket block, log block. */
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly serviceAccountAnnotations: Record<string, string>;
  /** `/<clusterUid>` or '' (WAL, log and logical backup paths). */
  readonly suffix: string;
  /** Where WAL is archived, if it is. */
  readonly walPrefix?: string;
  /** Where logs are shipped, if they are. */
  readonly logLocation?: string;
  /** Files of the AWS config for the log upload job (a ConfigMap), if needed. */
  readonly awsConfig?: Record<string, string>;
  readonly secrets: string[];
}

/** Resolves and validates every backup-related prop of a cluster into pod parts. */
export function backupPlan(input: BackupPlanInput): BackupPlan {
  const { props, fleet } = input;
  const suffix = scopeSuffix(props.clusterUid === undefined ? undefined : assertPathId('clusterUid', props.clusterUid));
  if (props.clone !== undefined && props.standby !== undefined) {
    failConflict('clone, standby', 'a cluster is either cloned (then independent) or a standby of another one, not both: Spilo ignores the standby settings while cloning');
  }
  const backupProp = props.backup !== undefined ? 'backup' : 'fleet.backup';
  const backup = props.backup ?? fleet.backup;
  const wal = backup === undefined ? undefined
    : walEnv({ prop: backupProp, backup, scope: input.cluster, suffix, version: input.version });
  const sourceInput = {
    version: input.version,
    replicationUsername: input.replicationUsername,
    defaultStorage: backup?._storage ? { prop: `${backupProp}.storage`, storage: backup._storage } : undefined,
  };
  const clone = props.clone === undefined ? undefined : cloneEnv('clone', props.clone, sourceInput);
  const standby = props.standby === undefined ? undefined : standbyEnv('standby', props.standby, sourceInput);
  const logProp = props.logShipping !== undefined ? 'logShipping' : 'fleet.logShipping';
  const logShipping = props.logShipping ?? fleet.logShipping;
  const log = logShipping === undefined ? undefined : logEnv({ prop: logProp, logShipping, cluster: input.cluster, suffix });

  const parts = mergeParts(...[clone, standby, wal?.parts, log?.parts].filter((p): p is PodParts => p !== undefined));
  const env = dedupe(parts.env, wal?.storage, log?.storage);
  const taken = new Set((props.additionalVolumes ?? []).map(v => v.volume?.name));
  for (const v of parts.volumes) {
    if (taken.has(v.name)) fail('additionalVolumes', v.name, `a volume name other than ${v.name}, which the backup settings use`);
  }
  return {
    env,
    volumes: parts.volumes,
    mounts: parts.mounts,
    serviceAccountAnnotations: serviceAccountAnnotations(parts.serviceAccountAnnotations),
    suffix,
    walPrefix: wal?.prefix,
    logLocation: log?.location,
    awsConfig: log?.awsConfig,
    secrets: [...new Set(parts.secrets)],
  };
}

/** Emits what the plan needs besides the pod (the log upload's AWS config) and declares the user's Secrets. */
export function applyBackupPlan(scope: Construct, plan: BackupPlan, cluster: string, metadata: { namespace?: string; labels: Record<string, string> }) {
  for (const secret of plan.secrets) declareExternal(scope, 'Secret', metadata.namespace, secret);
  if (plan.awsConfig) {
    new k8s.KubeConfigMap(scope, 'LogShippingAwsConfig', {
      metadata: { name: backupNames.logShippingAwsConfig(cluster), namespace: metadata.namespace, labels: metadata.labels },
      data: plan.awsConfig,
    });
  }
}

/**
 * One value per annotation key. IRSA: the first role wins (the cluster's archive, then logs, then
 * clone or standby, which also name their role in `*_AWS_ROLE_ARN`); GKE has no such escape.
 */
export function serviceAccountAnnotations(list: PodParts['serviceAccountAnnotations']): Record<string, string> {
  const out: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const a of list) {
    if (out[a.key] === undefined) {
      out[a.key] = a.value;
      from[a.key] = a.prop;
    } else if (out[a.key] !== a.value && a.key !== 'eks.amazonaws.com/role-arn') {
      failConflict(`${from[a.key]}, ${a.prop}`, `both set the ServiceAccount annotation ${a.key} ('${out[a.key]}' and '${a.value}'); one ServiceAccount has one GCP service account`);
    }
  }
  return out;
}

/** Spilo reads one AWS_REGION for WAL-G and the log upload; every other name is set once. */
function dedupe(env: k8s.EnvVar[], wal: ResolvedStorage | undefined, log: ResolvedStorage | undefined): k8s.EnvVar[] {
  if (wal?.region !== undefined && log?.region !== undefined && wal.region !== log.region) {
    fail(`${log.prop}.region`, log.region, `the region of ${wal.prop}, '${wal.region}': Spilo reads a single AWS_REGION for WAL-G and the log upload`);
  }
  const seen = new Set<string>();
  const out: k8s.EnvVar[] = [];
  for (const e of env) {
    if (seen.has(e.name)) {
      if (e.name === 'AWS_REGION') continue;
      failConflict('backup, logShipping, clone, standby', `the library would set ${e.name} twice`);
    }
    seen.add(e.name);
    out.push(e);
  }
  return out;
}
