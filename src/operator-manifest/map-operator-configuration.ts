import { Duration } from 'cdk8s';
import { PodManagementPolicy } from 'cdk8s-plus-28';
import { call, Code, construct, member, Tree, valueOf } from './code';
import { Findings } from './findings';
import { OperatorSettings } from './operator-settings';
import { cpuCode, kubeTree, ManifestError, secondsCode, goDurationSeconds, sizeCode } from './values';
import { Backup } from '../backup/backup';
import { BackupStorage } from '../backup/backup-storage';
import { StorageCredentials } from '../backup/storage-credentials';
import { NodeReadinessLabelMerge } from '../cluster/fleet-defaults';
import { ExternalTrafficPolicy } from '../cluster/load-balancer';
import { MajorVersionUpgradeMode } from '../cluster/major-version-upgrade';
import { LogShipping } from '../logging/log-shipping';
import { PoolMode } from '../pooler/connection-pooler-options';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

/** What the clusters need from the operator configuration beyond the fleet defaults. */
export interface OperatorContext {
  /** `FleetDefaultsProps` as a tree. */
  readonly fleet: Record<string, Tree>;
  readonly inheritedLabels: string[];
  readonly inheritedAnnotations: string[];
  readonly masterLoadBalancer?: boolean;
  readonly replicaLoadBalancer?: boolean;
  /** Storage of the fleet's WAL archive, for clones and standbys that name only a path. */
  readonly awsRegion?: string;
  readonly walStorage?: Code;
  /** Credentials of the fleet's object storage (IRSA or the node's identity). */
  readonly credentials: Code;
  readonly logicalBackupStorage?: Code;
  readonly crossNamespaceSecrets: boolean;
}

const LIB = 'cdk8s-postgres';
const enumCode = (value: unknown, type: string, name: string, module: string = LIB) => member(value, `${module}:${type}`, name);

/**
 * Settings the library has no switch for, with their default: a different value is refused. `true` marks the ones
 * safe to drop (`--lenient`); the others change names, backup paths or where Patroni keeps its state.
 */
const MUST_BE_DEFAULT: Array<[string, string, string, boolean]> = [
  ['super_username', 'postgres', 'the superuser is always postgres here', false],
  ['secret_name_template', '{username}.{cluster}.credentials.{tprkind}.{tprgroup}', "credentials Secrets always have the operator's default names here", false],
  ['pdb_name_format', 'postgres-{cluster}-pdb', 'disruption budgets always have the default name here', false],
  ['kubernetes_use_configmaps', 'true', 'Patroni keeps its state in ConfigMaps here; a running cluster would lose its Endpoints state', false],
  ['etcd_host', '', 'Patroni uses the Kubernetes API as its DCS here, not etcd', false],
  ['wal_gs_bucket', '', 'WAL archives in Cloud Storage need a credentials choice: convert to code and use Backup.walG(BackupStorage.gcs(...))', false],
  ['wal_az_storage_account', '', 'WAL archives in Azure need a credentials choice: convert to code and use Backup.walG(BackupStorage.azure(...))', false],
  ['logical_backup_s3_access_key_id', '', 'a key in plain text: put it in a Secret and use StorageCredentials.awsAccessKeys in code', false],
  ['logical_backup_s3_secret_access_key', '', 'a key in plain text: put it in a Secret and use StorageCredentials.awsAccessKeys in code', false],
  ['logical_backup_azure_storage_account_key', '', 'a key in plain text: put it in a Secret and use code', false],
  ['enable_spilo_wal_path_compat', 'false', "Spilo's fallback to WAL paths without the major version is not offered (restores of such old archives need it)", true],
  ['enable_pgversion_env_var', 'true', 'the version is always rendered as PGVERSION (Spilo finds the same binaries)', true],
  ['enable_owner_references', 'false', 'no object is owned by a postgresql resource here (it no longer exists)', true],
];

/** The operator configuration as fleet defaults (`FleetDefaultsProps`) and cluster context; refusals go to findings. */
export function mapOperatorConfiguration(s: OperatorSettings, findings: Findings): OperatorContext {
  const src = s.source;
  for (const [key, dflt, reason, safeToDrop] of MUST_BE_DEFAULT) {
    const v = s.string(key);
    if (v !== undefined && v !== dflt) findings.refuse(src, key, `'${v}': ${reason}`, safeToDrop);
  }
  const f: Record<string, Tree> = {};
  f.image = s.string('docker_image');
  f.clusterLabels = s.map('cluster_labels');
  f.clusterNameLabel = s.string('cluster_name_label');
  f.podRoleLabel = s.string('pod_role_label');
  f.resources = compact({
    cpuRequest: opt(s.string('default_cpu_request'), v => cpuCode('default_cpu_request', v)),
    cpuLimit: opt(s.string('default_cpu_limit'), v => cpuCode('default_cpu_limit', v)),
    memoryRequest: opt(s.string('default_memory_request'), v => sizeCode('default_memory_request', v)),
    memoryLimit: opt(s.string('default_memory_limit'), v => sizeCode('default_memory_limit', v)),
  });
  f.resourceThresholds = compact({
    minCpuLimit: opt(s.string('min_cpu_limit'), v => cpuCode('min_cpu_limit', v)),
    minMemoryLimit: opt(s.string('min_memory_limit'), v => sizeCode('min_memory_limit', v)),
    maxCpuRequest: opt(s.string('max_cpu_request'), v => cpuCode('max_cpu_request', v)),
    maxMemoryRequest: opt(s.string('max_memory_request'), v => sizeCode('max_memory_request', v)),
    setMemoryRequestToLimit: s.bool('set_memory_request_to_limit'),
  });
  f.minInstances = s.int('min_instances');
  f.maxInstances = s.int('max_instances');
  f.podAntiAffinity = compact({
    enabled: s.bool('enable_pod_antiaffinity'),
    preferred: s.bool('pod_antiaffinity_preferred_during_scheduling'),
    topologyKey: s.string('pod_antiaffinity_topology_key'),
  });
  const toleration = s.map('toleration');
  f.tolerations = toleration && Object.keys(toleration).length ? [kubeTree(toleration)] : undefined;
  f.nodeReadinessLabel = s.map('node_readiness_label');
  const merge = s.string('node_readiness_label_merge');
  if (merge !== undefined) {
    if (merge !== 'OR' && merge !== 'AND') throw new ManifestError(`${src}: node_readiness_label_merge: '${merge}' is not OR or AND`);
    f.nodeReadinessLabelMerge = enumCode(merge === 'OR' ? NodeReadinessLabelMerge.OR : NodeReadinessLabelMerge.AND, 'NodeReadinessLabelMerge', merge);
  }
  f.podEnvironmentConfigMap = namespacedName(s, 'pod_environment_configmap', findings);
  f.podEnvironmentSecret = s.string('pod_environment_secret');
  f.enablePodDisruptionBudget = s.bool('enable_pod_disruption_budget');
  f.podTerminateGracePeriod = opt(s.string('pod_terminate_grace_period'), v => secondsCode(goDurationSeconds('pod_terminate_grace_period', v)));
  f.podPriorityClassName = s.string('pod_priority_class_name');
  f.enableShmVolume = s.bool('enable_shm_volume');
  f.enableReadinessProbe = s.bool('enable_readiness_probe');
  f.enablePatroniFailsafeMode = s.bool('enable_patroni_failsafe_mode');
  f.pamConfiguration = s.string('pam_configuration');
  f.pamRoleName = s.string('pam_role_name');
  f.runAsUser = s.int('spilo_runasuser');
  f.runAsGroup = s.int('spilo_runasgroup');
  f.fsGroup = s.int('spilo_fsgroup');
  f.privileged = s.bool('spilo_privileged');
  f.allowPrivilegeEscalation = s.bool('spilo_allow_privilege_escalation');
  f.additionalPodCapabilities = s.list('additional_pod_capabilities');
  f.podAnnotations = s.map('custom_pod_annotations');
  f.serviceAnnotations = s.map('custom_service_annotations');
  const etp = s.string('external_traffic_policy');
  if (etp !== undefined) {
    if (etp !== 'Cluster' && etp !== 'Local') throw new ManifestError(`${src}: external_traffic_policy: '${etp}' is not Cluster or Local`);
    f.externalTrafficPolicy = enumCode(etp === 'Cluster' ? ExternalTrafficPolicy.CLUSTER : ExternalTrafficPolicy.LOCAL, 'ExternalTrafficPolicy', etp.toUpperCase());
  }
  f.dbHostedZone = s.string('db_hosted_zone');
  // Fleet-enabled node ports get a port Kubernetes picks, as under the operator; false is the default.
  f.nodePort = compact({ master: s.bool('enable_master_node_port') || undefined, replica: s.bool('enable_replica_node_port') || undefined });
  const pmp = s.string('pod_management_policy');
  if (pmp !== undefined) {
    if (pmp !== 'ordered_ready' && pmp !== 'parallel') throw new ManifestError(`${src}: pod_management_policy: '${pmp}' is not ordered_ready or parallel`);
    f.podManagementPolicy = pmp === 'parallel'
      ? enumCode(PodManagementPolicy.PARALLEL, 'PodManagementPolicy', 'PARALLEL', 'cdk8s-plus-28')
      : enumCode(PodManagementPolicy.ORDERED_READY, 'PodManagementPolicy', 'ORDERED_READY', 'cdk8s-plus-28');
  }
  const mvu = s.string('major_version_upgrade_mode');
  if (mvu === 'full') findings.refuse(src, 'major_version_upgrade_mode', "'full' upgrades clusters the library cannot see; manual upgrades stay", true);
  else if (mvu === 'off' || mvu === 'manual') f.majorVersionUpgradeMode = enumCode(mvu === 'off' ? MajorVersionUpgradeMode.OFF : MajorVersionUpgradeMode.MANUAL, 'MajorVersionUpgradeMode', mvu.toUpperCase());
  f.replicationUsername = s.string('replication_username');
  f.sidecars = sidecars(s, findings);

  const region = s.string('aws_region');
  const credentials = s.has('irsa_role_arn')
    ? call(StorageCredentials.irsa(s.string('irsa_role_arn')!), `${LIB}:StorageCredentials`, 'irsa', s.string('irsa_role_arn')!)
    : call(StorageCredentials.nodeIdentity(), `${LIB}:StorageCredentials`, 'nodeIdentity');
  let walStorage: Code | undefined;
  const walBucket = s.string('wal_s3_bucket');
  if (walBucket) {
    walStorage = s3Storage(walBucket, region, credentials, s.string('aws_endpoint'), src, 'wal_s3_bucket');
    f.backup = call(Backup.walG(walStorage.value as BackupStorage), `${LIB}:Backup`, 'walG', walStorage);
  }
  const logBucket = s.string('log_s3_bucket');
  if (logBucket) {
    if (!region) throw new ManifestError(`${src}: log_s3_bucket needs aws_region (Spilo cannot find the bucket without it)`);
    const value = LogShipping.toS3({ bucket: logBucket, region, credentials: credentials.value as StorageCredentials });
    f.logShipping = call(value, `${LIB}:LogShipping`, 'toS3', { bucket: logBucket, region, credentials });
  }
  const logical = logicalBackup(s, region, credentials);
  f.logicalBackup = logical.tree;
  f.connectionPooler = compact({
    instances: s.int('connection_pooler_number_of_instances'),
    mode: opt(s.string('connection_pooler_mode'), m => poolMode(src, m)),
    schema: s.string('connection_pooler_schema'),
    user: s.string('connection_pooler_user'),
    image: s.string('connection_pooler_image'),
    maxDBConnections: s.int('connection_pooler_max_db_connections'),
    resources: compact({
      cpuRequest: opt(s.string('connection_pooler_default_cpu_request'), v => cpuCode('connection_pooler_default_cpu_request', v)),
      cpuLimit: opt(s.string('connection_pooler_default_cpu_limit'), v => cpuCode('connection_pooler_default_cpu_limit', v)),
      memoryRequest: opt(s.string('connection_pooler_default_memory_request'), v => sizeCode('connection_pooler_default_memory_request', v)),
      memoryLimit: opt(s.string('connection_pooler_default_memory_limit'), v => sizeCode('connection_pooler_default_memory_limit', v)),
    }),
    masterLoadBalancer: s.bool('enable_master_pooler_load_balancer'),
    replicaLoadBalancer: s.bool('enable_replica_pooler_load_balancer'),
    masterNodePort: s.bool('enable_master_pooler_node_port') || undefined,
    replicaNodePort: s.bool('enable_replica_pooler_node_port') || undefined,
  });
  return {
    fleet: compact(f) ?? {},
    inheritedLabels: s.list('inherited_labels') ?? [],
    inheritedAnnotations: s.list('inherited_annotations') ?? [],
    masterLoadBalancer: s.bool('enable_master_load_balancer'),
    replicaLoadBalancer: s.bool('enable_replica_load_balancer'),
    awsRegion: region,
    walStorage,
    credentials,
    logicalBackupStorage: logical.storage,
    crossNamespaceSecrets: s.bool('enable_cross_namespace_secret') ?? false,
  };
}

function s3Storage(bucket: string, region: string | undefined, credentials: Code, endpoint: string | undefined, src: string, key: string): Code {
  if (!region) throw new ManifestError(`${src}: ${key} needs aws_region (Spilo cannot find the bucket without it)`);
  const props: Record<string, Tree> = { bucket, region, credentials, ...(endpoint ? { endpoint } : {}) };
  return call(BackupStorage.s3(valueOf(props)), `${LIB}:BackupStorage`, 's3', props);
}

function logicalBackup(s: OperatorSettings, region: string | undefined, credentials: Code): { tree: Tree; storage?: Code } {
  const provider = s.string('logical_backup_provider') ?? 's3';
  const bucket = s.string('logical_backup_s3_bucket');
  let storage: Code | undefined;
  if (provider !== 's3') {
    if (s.has('logical_backup_google_application_credentials') || s.has('logical_backup_azure_storage_account_name')) {
      throw new ManifestError(`${s.source}: logical_backup_provider '${provider}': only s3 is mapped; convert to code and choose the storage`);
    }
  } else if (bucket) {
    storage = s3Storage(bucket, s.string('logical_backup_s3_region') ?? region, credentials, s.string('logical_backup_s3_endpoint'), s.source, 'logical_backup_s3_bucket');
  }
  const retention = s.string('logical_backup_s3_retention_time');
  return {
    storage,
    tree: compact({
      storage,
      schedule: s.string('logical_backup_schedule'),
      image: s.string('logical_backup_docker_image'),
      jobPrefix: s.string('logical_backup_job_prefix'),
      ...(retention ? retentionTree('logical_backup_s3_retention_time', retention) : {}),
    }),
  };
}

/** Units the logical backup image hands to `date -d "-<retention>"` that are a fixed number of minutes. */
const RETENTION_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440, week: 10080 };

/**
 * A retention (`14 days`, `2 weeks`, `12 hours`, `3 months`, `1 year`) as the logical backup's `retention` (a Duration)
 * or, for calendar months and years, its `retentionMonths`.
 */
export function retentionTree(field: string, text: string): Record<string, Tree> {
  const m = /^\s*(\d+)\s*(minute|hour|day|week|month|year)s?\s*$/i.exec(text);
  if (!m) throw new ManifestError(`${field}: '${text}' is not a retention such as '14 days', '2 weeks' or '3 months'`);
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit === 'month' || unit === 'year') return { retentionMonths: unit === 'year' ? n * 12 : n };
  const minutes = n * RETENTION_MINUTES[unit];
  return {
    retention: minutes % 1440 === 0
      ? call(Duration.days(minutes / 1440), 'cdk8s:Duration', 'days', minutes / 1440)
      : call(Duration.minutes(minutes), 'cdk8s:Duration', 'minutes', minutes),
  };
}

function poolMode(src: string, mode: string): Code {
  if (mode !== 'session' && mode !== 'transaction') throw new ManifestError(`${src}: connection_pooler_mode: '${mode}' is not session or transaction`);
  return enumCode(mode === 'session' ? PoolMode.SESSION : PoolMode.TRANSACTION, 'PoolMode', mode.toUpperCase());
}

/** `pod_environment_configmap` may be `namespace/name`; only a name in the cluster's own namespace is referenced. */
function namespacedName(s: OperatorSettings, key: string, findings: Findings): string | undefined {
  const v = s.string(key);
  if (v?.includes('/')) {
    findings.refuse(s.source, key, `'${v}': envFrom can only reference a ConfigMap in the cluster's own namespace; copy it there and name it alone`, false);
    return undefined;
  }
  return v;
}

/** Global `sidecars` (containers) and `sidecar_docker_images` (name to image) as fleet sidecars. */
function sidecars(s: OperatorSettings, findings: Findings): Tree {
  const out: Tree[] = [];
  const raw = s.raw('sidecars');
  if (Array.isArray(raw)) raw.forEach((c, i) => out.push(sidecarCode(c, `${s.source}: sidecars[${i}]`, findings, `sidecars[${i}]`)));
  const images = s.map('sidecar_docker_images') ?? {};
  for (const name of Object.keys(images).sort()) out.push(sidecarCode({ name, image: images[name] }, s.source, findings, `sidecar_docker_images.${name}`));
  return out.length ? out : undefined;
}

const SIDECAR_FIELDS = ['name', 'image', 'command', 'args', 'env', 'envFrom', 'ports', 'resources', 'volumeMounts', 'readinessProbe', 'livenessProbe', 'startupProbe', 'securityContext'];

/** A container as a `PostgresSidecar`; fields a sidecar cannot have are refused. */
export function sidecarCode(container: any, source: string, findings: Findings, field: string): Code {
  const props: Record<string, Tree> = {};
  for (const [k, v] of Object.entries(container ?? {})) {
    if (k === 'resources') props.resources = sidecarResources(`${field}.resources`, v);
    else if (k === 'imagePullPolicy') continue;
    else if (SIDECAR_FIELDS.includes(k)) props[k] = kubeTree(v);
    else findings.refuse(source, `${field}.${k}`, 'a sidecar has name, image, command, args, env, envFrom, ports, resources, volumeMounts, probes and securityContext here', true);
  }
  const tree = compact(props) ?? {};
  return construct(new PostgresSidecar(valueOf(tree)), `${LIB}:PostgresSidecar`, tree);
}

function sidecarResources(field: string, r: any): Tree {
  return compact({
    cpuRequest: opt(r?.requests?.cpu, v => cpuCode(`${field}.requests.cpu`, v)),
    cpuLimit: opt(r?.limits?.cpu, v => cpuCode(`${field}.limits.cpu`, v)),
    memoryRequest: opt(r?.requests?.memory, v => sizeCode(`${field}.requests.memory`, v)),
    memoryLimit: opt(r?.limits?.memory, v => sizeCode(`${field}.limits.memory`, v)),
  });
}

export function opt<T>(v: T | undefined | null | '', f: (v: T) => Tree): Tree {
  return v === undefined || v === null || v === '' ? undefined : f(v as T);
}

/** The object without undefined members; undefined when nothing is left. */
export function compact(o: Record<string, Tree>): Record<string, Tree> | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
