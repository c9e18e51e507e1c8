/** How a field of the operator's `postgresql` resource reaches this library. */
export enum FieldStatus {
  /** Carried over to a `PostgresCluster` prop. */
  MAPPED = 'mapped',
  /** The library cannot honour it: an error naming the field (a warning with --lenient when safe to drop). */
  REFUSED = 'refused',
  /** Nothing to carry over: the operator only reads it at runtime, or it is the resource's own bookkeeping. */
  NOT_APPLICABLE = 'not applicable',
}

export interface FieldRow {
  /** Path as the CRD's schema spells it; `[]` is a list item, `*` a map value. A row covers the fields below it. */
  readonly field: string;
  readonly status: FieldStatus;
  /** The prop it becomes (mapped), or why not. */
  readonly note: string;
  /** Refused fields only: dropping it keeps data, names, credentials and access intact (`--lenient`). */
  readonly safeToDrop?: boolean;
}

const M = FieldStatus.MAPPED;
const R = FieldStatus.REFUSED;
const N = FieldStatus.NOT_APPLICABLE;

const row = (field: string, status: FieldStatus, note: string, safeToDrop?: boolean): FieldRow =>
  (safeToDrop === undefined ? { field, status, note } : { field, status, note, safeToDrop });

/**
 * Every field of the `postgresql` resource (acid.zalan.do/v1): mapped, refused with a reason, or not applicable.
 * The CRD walk in the tests fails on a field without a row; `render` refuses set fields with status REFUSED.
 */
export const FIELD_TABLE: readonly FieldRow[] = [
  row('apiVersion', N, 'identifies the resource'),
  row('kind', N, 'identifies the resource'),
  row('metadata.name', M, '`name` (and the construct id)'),
  row('metadata.namespace', M, "the chart's `namespace`"),
  row('metadata.uid', M, '`clusterUid`: the `/<uid>` suffix of WAL, log and logical-backup paths'),
  row('metadata.labels', M, '`labels`: the keys the operator configuration lists in `inherited_labels`'),
  row('metadata.annotations', M, '`annotations`: the keys listed in `inherited_annotations`; the rest steer the operator at runtime'),
  row('status', N, 'written by the operator'),
  row('spec.teamId', M, '`teamId`'),
  row('spec.numberOfInstances', M, '`instances`'),
  row('spec.dockerImage', M, '`image`'),
  row('spec.schedulerName', M, '`schedulerName`'),
  row('spec.spiloRunAsUser', M, '`runAsUser`'),
  row('spec.spiloRunAsGroup', M, '`runAsGroup`'),
  row('spec.spiloFSGroup', M, '`fsGroup`'),
  row('spec.podPriorityClassName', M, '`priorityClassName`'),
  row('spec.pod_priority_class_name', M, '`priorityClassName` (the deprecated spelling)'),
  row('spec.enableShmVolume', M, '`enableShmVolume`; `false` really removes /dev/shm here (the operator ignores it)'),
  row('spec.livenessProbe', M, '`livenessProbe`'),
  row('spec.env', M, '`env`'),
  row('spec.envFrom', M, '`envFrom`'),
  row('spec.initContainers', M, '`initContainers`'),
  row('spec.init_containers', M, '`initContainers` (the deprecated spelling)'),
  row('spec.sidecars', M, '`sidecars` (name, image, command, args, env, envFrom, ports, resources); the operator prunes the rest'),
  row('spec.postgresql.version', M, '`version`'),
  row('spec.postgresql.parameters', M, '`parameters`'),
  row('spec.patroni.initdb', M, '`patroni.initdb`'),
  row('spec.patroni.pg_hba', M, '`patroni.pgHba`'),
  row('spec.patroni.ttl', M, '`patroni.ttl` (seconds)'),
  row('spec.patroni.loop_wait', M, '`patroni.loopWait` (seconds)'),
  row('spec.patroni.retry_timeout', M, '`patroni.retryTimeout` (seconds)'),
  row('spec.patroni.maximum_lag_on_failover', M, '`patroni.maximumLagOnFailover` (bytes)'),
  row('spec.patroni.slots', M, '`patroni.slots`'),
  row('spec.patroni.synchronous_mode', M, '`patroni.synchronousMode`'),
  row('spec.patroni.synchronous_mode_strict', M, '`patroni.synchronousModeStrict`'),
  row('spec.patroni.synchronous_node_count', M, '`patroni.synchronousNodeCount`'),
  row('spec.patroni.failsafe_mode', M, '`patroni.failsafeMode`'),
  row('spec.volume.size', M, '`volume.size`'),
  row('spec.volume.storageClass', M, '`volume.storageClass`'),
  row('spec.volume.selector', M, '`volume.selector`'),
  row('spec.volume.subPath', M, '`volume.subPath`'),
  row('spec.volume.isSubPathExpr', M, '`volume.subPathIsExpression`'),
  row('spec.volume.iops', R, 'the operator sets it through the AWS EBS API at runtime; use a StorageClass or VolumeAttributesClass', true),
  row('spec.volume.throughput', R, 'the operator sets it through the AWS EBS API at runtime; use a StorageClass or VolumeAttributesClass', true),
  row('spec.volume.type', R, 'the operator sets it through the AWS EBS API at runtime; use a StorageClass or VolumeAttributesClass', true),
  row('spec.resources.requests.cpu', M, '`resources.cpuRequest`'),
  row('spec.resources.requests.memory', M, '`resources.memoryRequest`'),
  row('spec.resources.limits.cpu', M, '`resources.cpuLimit`'),
  row('spec.resources.limits.memory', M, '`resources.memoryLimit`'),
  row('spec.resources.requests.hugepages-2Mi', M, '`resources.hugepages2Mi` (request and limit are one value here)'),
  row('spec.resources.requests.hugepages-1Gi', M, '`resources.hugepages1Gi` (request and limit are one value here)'),
  row('spec.resources.limits.hugepages-2Mi', M, '`resources.hugepages2Mi`'),
  row('spec.resources.limits.hugepages-1Gi', M, '`resources.hugepages1Gi`'),
  row('spec.users', M, '`users` (flags as `UserFlag`)'),
  row('spec.databases', M, '`databases`'),
  row('spec.preparedDatabases', M, '`preparedDatabases` (schemas, defaultRoles, defaultUsers, extensions, secretNamespace)'),
  row('spec.usersWithSecretRotation', R, "the operator's dated rotation users need a controller; rotate on demand with `passwordRotation`", true),
  row('spec.usersWithInPlaceSecretRotation', R, 'scheduled rotation needs a controller; rotate on demand with `passwordRotation`', true),
  row('spec.usersIgnoringSecretRotation', N, 'only excludes users from scheduled rotation, which does not exist here'),
  row('spec.podAnnotations', M, '`podAnnotations`'),
  row('spec.serviceAnnotations', M, '`serviceAnnotations`'),
  row('spec.masterServiceAnnotations', M, '`masterServiceAnnotations`'),
  row('spec.replicaServiceAnnotations', M, '`replicaServiceAnnotations`'),
  row('spec.tolerations', M, '`tolerations`'),
  row('spec.nodeAffinity', M, '`nodeAffinity`'),
  row('spec.topologySpreadConstraints', M, '`topologySpreadConstraints`'),
  row('spec.additionalVolumes', M, '`additionalVolumes` (`volumeSource` becomes `volume`)'),
  row('spec.enableMasterLoadBalancer', M, '`loadBalancer.master`'),
  row('spec.enableReplicaLoadBalancer', M, '`loadBalancer.replica`'),
  row('spec.useLoadBalancer', M, '`loadBalancer.master` (the deprecated spelling)'),
  row('spec.replicaLoadBalancer', M, '`loadBalancer.replica` (the deprecated spelling)'),
  row('spec.allowedSourceRanges', M, '`loadBalancer.allowedSourceRanges`'),
  row('spec.enableMasterNodePort', M, '`nodePort.master` (wins over the load balancer, as in the operator)'),
  row('spec.enableReplicaNodePort', M, '`nodePort.replica` (wins over the load balancer)'),
  row('spec.masterNodePort', M, '`nodePort.masterPort`, read only with `enableMasterNodePort: true` in the manifest, as by the operator'),
  row('spec.replicaNodePort', M, '`nodePort.replicaPort`, read only with `enableReplicaNodePort: true` in the manifest'),
  row('spec.enableMasterPoolerNodePort', M, '`connectionPooler.masterNodePort` (wins over the pooler load balancer)'),
  row('spec.enableReplicaPoolerNodePort', M, '`connectionPooler.replicaNodePort` (wins over the pooler load balancer)'),
  row('spec.masterPoolerNodePort', M, '`connectionPooler.masterNodePortNumber`, read only with `enableMasterPoolerNodePort: true` in the manifest'),
  row('spec.replicaPoolerNodePort', M, '`connectionPooler.replicaNodePortNumber`, read only with `enableReplicaPoolerNodePort: true` in the manifest'),
  row('spec.enableConnectionPooler', M, '`connectionPooler.master`'),
  row('spec.enableReplicaConnectionPooler', M, '`connectionPooler.replica`'),
  row('spec.enableMasterPoolerLoadBalancer', M, '`connectionPooler.masterLoadBalancer`'),
  row('spec.enableReplicaPoolerLoadBalancer', M, '`connectionPooler.replicaLoadBalancer`'),
  row('spec.connectionPooler.numberOfInstances', M, '`connectionPooler.instances`'),
  row('spec.connectionPooler.schema', M, '`connectionPooler.schema`'),
  row('spec.connectionPooler.user', M, '`connectionPooler.user`'),
  row('spec.connectionPooler.mode', M, '`connectionPooler.mode`'),
  row('spec.connectionPooler.dockerImage', M, '`connectionPooler.image`'),
  row('spec.connectionPooler.maxDBConnections', M, '`connectionPooler.maxDBConnections`'),
  row('spec.connectionPooler.resources', M, '`connectionPooler.resources`'),
  row('spec.enableLogicalBackup', M, '`logicalBackup` (storage from the operator configuration)'),
  row('spec.logicalBackupSchedule', M, '`logicalBackup.schedule`'),
  row('spec.logicalBackupRetention', M, '`logicalBackup.retention` (minutes to weeks) or `logicalBackup.retentionMonths` (months, years)'),
  row('spec.clone.cluster', M, '`clone` (`CloneSource.fromCluster` without a timestamp, `fromWalArchive` with one)'),
  row('spec.clone.timestamp', M, '`clone.timestamp`'),
  row('spec.clone.uid', M, '`clone.uid`'),
  row('spec.clone.s3_wal_path', M, '`clone.walPath`'),
  row('spec.clone.s3_endpoint', M, '`clone.storage` (`BackupStorage.s3({ endpoint })`)'),
  row('spec.clone.s3_force_path_style', M, '`clone.storage` (`BackupStorage.s3({ forcePathStyle })`)'),
  row('spec.clone.s3_access_key_id', R, 'a key in plain text; put the keys in a Secret and use `StorageCredentials.awsAccessKeys` (convert, then edit)'),
  row('spec.clone.s3_secret_access_key', R, 'a key in plain text; put the keys in a Secret and use `StorageCredentials.awsAccessKeys` (convert, then edit)'),
  row('spec.standby.s3_wal_path', M, '`standby` (`StandbySource.fromWalArchive({ walPath })`)'),
  row('spec.standby.gs_wal_path', M, '`standby` (`StandbySource.fromWalArchive({ walPath })`)'),
  row('spec.standby.standby_host', M, '`standby` (`StandbySource.fromPrimary({ host })`, or `primary` of a WAL standby)'),
  row('spec.standby.standby_port', M, '`standby` (`port`)'),
  row('spec.standby.standby_primary_slot_name', M, '`standby` (`primarySlotName`)'),
  row('spec.tls.secretName', M, '`tls.secretName`'),
  row('spec.tls.certificateFile', M, '`tls.certificateFile`'),
  row('spec.tls.privateKeyFile', M, '`tls.privateKeyFile`'),
  row('spec.tls.caFile', M, '`tls.caFile`'),
  row('spec.tls.caSecretName', M, '`tls.caSecretName`'),
  row('spec.maintenanceWindows', R, 'a runtime gate of the operator; use Argo CD sync windows or a suspended Flux Kustomization', true),
  row('spec.streams', R, "Zalando's internal FabricEventStream CRD, out of scope"),
];

/** The row for a field path, the most specific one covering it. */
export function fieldRow(path: string): FieldRow | undefined {
  let best: FieldRow | undefined;
  for (const r of FIELD_TABLE) {
    if ((path === r.field || path.startsWith(`${r.field}.`) || path.startsWith(`${r.field}[`))
      && (!best || r.field.length > best.field.length)) best = r;
  }
  return best;
}
