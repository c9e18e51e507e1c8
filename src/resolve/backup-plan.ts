import { k8s } from 'cdk8s-plus-28';
import { mergeParts, PodParts } from '../backup/private/pod-parts';
import { ResolvedStorage, scopeSuffix } from '../backup/private/resolve-storage';
import { serviceAccountAnnotations } from '../backup/private/service-account';
import { cloneEnv, standbyEnv } from '../backup/private/source-env';
import { assertPathId } from '../backup/private/validate';
import { walEnv } from '../backup/private/wal-env';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { logEnv } from '../logging/private/log-env';
import { BackupPlan } from '../model/backup';
import { fail, failConflict } from '../private/validation';

export interface BackupPlanInput {
  readonly cluster: string;
  readonly namespace?: string;
  readonly version: string;
  readonly replicationUsername: string;
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
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

  for (const [prop, source, envPrefix] of [['clone', clone, 'CLONE_'], ['standby', standby, 'STANDBY_']] as const) {
    const from = source && sourceWalBase(envPrefix, source.env);
    if (wal && from !== undefined && from === walBase(wal.prefix)) {
      failConflict(`${prop}, ${backupProp}`, `the cluster would archive into the WAL path it restores from (${from}); give it another name or clusterUid, or another bucket`);
    }
  }
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
    // The cluster's own archive first: its IRSA role is the one EKS injects unprefixed.
    serviceAccountAnnotations: serviceAccountAnnotations(
      [wal?.parts, log?.parts, clone, standby].flatMap(p => p?.serviceAccountAnnotations ?? [])),
    suffix,
    walPrefix: wal?.prefix,
    logLocation: log?.location,
    awsConfig: log?.awsConfig,
    secrets: [...new Set(parts.secrets)],
  };
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

/** `…/wal/` without the major version. */
function walBase(prefix: string): string {
  return prefix.replace(/\/+$/, '').replace(/\/\d+$/, '') + '/';
}

/** The WAL location Spilo reads for a clone or standby source from the rendered env. */
function sourceWalBase(prefix: string, env: k8s.EnvVar[]): string | undefined {
  const value = (name: string) => env.find(e => e.name === prefix + name) ? (env.find(e => e.name === prefix + name)!.value ?? '') : undefined;
  const explicit = value('WALE_S3_PREFIX') ?? value('WALE_GS_PREFIX') ?? value('WALG_AZ_PREFIX');
  if (explicit !== undefined) return walBase(explicit);
  const bucket = value('WAL_S3_BUCKET') ?? value('WAL_GS_BUCKET');
  if (bucket === undefined) return undefined;
  const scheme = value('WAL_S3_BUCKET') !== undefined ? 's3' : 'gs';
  return walBase(`${scheme}://${bucket}/spilo/${value('SCOPE')}${value('WAL_BUCKET_SCOPE_SUFFIX') ?? ''}/wal/`);
}
