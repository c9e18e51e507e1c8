import { call, Code, member, Tree, valueOf } from './code';
import { Findings } from './findings';
import { compact, OperatorContext, opt, retentionTree } from './map-operator-configuration';
import { cpuCode, ManifestError, secondsCode, sizeCode, sizeOfBytes, stringMap } from './values';
import { BackupStorage } from '../backup/backup-storage';
import { CloneSource } from '../backup/clone-source';
import { StandbySource } from '../backup/standby-source';
import { StorageCredentials } from '../backup/storage-credentials';
import { PoolMode } from '../pooler/connection-pooler-options';
import { UserFlag } from '../users/user-flag';

const LIB = 'cdk8s-postgres';

/** `users`: role name to flags, each flag a `UserFlag` (the operator accepts any case). */
export function usersTree(users: any): Tree {
  if (!users || typeof users !== 'object') return undefined;
  const out: Record<string, Tree> = {};
  for (const [name, flags] of Object.entries(users as Record<string, unknown>)) {
    out[name] = (Array.isArray(flags) ? flags : []).map((flag, i) => {
      const flagName = String(flag).toUpperCase();
      const value = (UserFlag as Record<string, string>)[flagName];
      if (value === undefined) throw new ManifestError(`spec.users.${name}[${i}]: '${flag}' is not a role flag (${Object.values(UserFlag).join(', ')})`);
      return member(value, `${LIB}:UserFlag`, flagName);
    });
  }
  return out;
}

/** `preparedDatabases` as `PreparedDatabase` records. */
export function preparedDatabasesTree(prepared: any): Tree {
  if (!prepared || typeof prepared !== 'object') return undefined;
  const out: Record<string, Tree> = {};
  for (const [db, p] of Object.entries(prepared as Record<string, any>)) {
    const schemas = p?.schemas && typeof p.schemas === 'object'
      ? Object.fromEntries(Object.entries(p.schemas as Record<string, any>)
        .map(([s, v]) => [s, compact({ defaultRoles: v?.defaultRoles, defaultUsers: v?.defaultUsers }) ?? {}]))
      : undefined;
    out[db] = compact({
      defaultUsers: p?.defaultUsers,
      schemas,
      extensions: p?.extensions ? stringMap(`spec.preparedDatabases.${db}.extensions`, p.extensions) : undefined,
      secretNamespace: p?.secretNamespace,
    }) ?? {};
  }
  return out;
}

/** `patroni` (`PatroniOptions`). */
export function patroniTree(p: any): Tree {
  if (!p || typeof p !== 'object') return undefined;
  const seconds = (key: string) => (p[key] ? secondsCode(Number(p[key])) : undefined);
  const slots = p.slots && typeof p.slots === 'object'
    ? Object.fromEntries(Object.entries(p.slots as Record<string, unknown>).map(([n, v]) => [n, stringMap(`spec.patroni.slots.${n}`, v)]))
    : undefined;
  return compact({
    initdb: p.initdb ? stringMap('spec.patroni.initdb', p.initdb) : undefined,
    pgHba: Array.isArray(p.pg_hba) && p.pg_hba.length ? p.pg_hba.map(String) : undefined,
    ttl: seconds('ttl'),
    loopWait: seconds('loop_wait'),
    retryTimeout: seconds('retry_timeout'),
    maximumLagOnFailover: p.maximum_lag_on_failover ? sizeOfBytes(Number(p.maximum_lag_on_failover)) : undefined,
    synchronousMode: p.synchronous_mode || undefined,
    synchronousModeStrict: p.synchronous_mode_strict || undefined,
    synchronousNodeCount: p.synchronous_node_count || undefined,
    slots,
    failsafeMode: p.failsafe_mode ?? undefined,
  });
}

/** `loadBalancer`: the manifest's switches over the configuration's. */
export function loadBalancerTree(spec: any, ctx: OperatorContext): Tree {
  const master = spec.enableMasterLoadBalancer ?? spec.useLoadBalancer ?? ctx.masterLoadBalancer;
  const replica = spec.enableReplicaLoadBalancer ?? spec.replicaLoadBalancer ?? ctx.replicaLoadBalancer;
  if (!master && !replica) return undefined;
  return compact({
    master: master || undefined,
    replica: replica || undefined,
    allowedSourceRanges: Array.isArray(spec.allowedSourceRanges) && spec.allowedSourceRanges.length ? [...spec.allowedSourceRanges] : undefined,
  });
}

/** The four node ports: each enable switch of the manifest with the field of its port. */
const NODE_PORTS = [
  ['enableMasterNodePort', 'masterNodePort'], ['enableReplicaNodePort', 'replicaNodePort'],
  ['enableMasterPoolerNodePort', 'masterPoolerNodePort'], ['enableReplicaPoolerNodePort', 'replicaPoolerNodePort'],
] as const;

/**
 * A manifest's node port: read only when its enable switch is true in the manifest, as the operator does (a port of
 * 0 lets Kubernetes pick); otherwise the operator ignores it, and so does the mapping, with a warning.
 */
function nodePortNumber(spec: any, port: typeof NODE_PORTS[number][1]): number | undefined {
  const enable = NODE_PORTS.find(([, p]) => p === port)![0];
  return spec[enable] === true && spec[port] ? spec[port] : undefined;
}

/** Warns about ports the operator would ignore (no enable switch in the manifest). */
export function nodePortWarnings(source: string, spec: any, findings: Findings): void {
  for (const [enable, port] of NODE_PORTS) {
    if (spec[port] && spec[enable] !== true) {
      findings.warn(source, `spec.${port}`, `ignored without spec.${enable}: true in the manifest, as by the operator (Kubernetes picks the port)`);
    }
  }
}

/** `nodePort`: the manifest's switches (`false` overrides the configuration's `true`) and ports. */
export function nodePortTree(spec: any): Tree {
  return compact({
    master: spec.enableMasterNodePort,
    replica: spec.enableReplicaNodePort,
    masterPort: nodePortNumber(spec, 'masterNodePort'),
    replicaPort: nodePortNumber(spec, 'replicaNodePort'),
  });
}

/** `connectionPooler`: the operator runs the primary's pooler when enabled, or when unset and the section exists. */
export function poolerTree(spec: any): Tree {
  const section = spec.connectionPooler;
  const master = spec.enableConnectionPooler ?? (section !== undefined && section !== null);
  const replica = spec.enableReplicaConnectionPooler === true;
  if (!master && !replica && !section) return undefined;
  const c = section ?? {};
  const mode = c.mode === undefined ? undefined : c.mode === 'session' || c.mode === 'transaction'
    ? member(c.mode === 'session' ? PoolMode.SESSION : PoolMode.TRANSACTION, `${LIB}:PoolMode`, String(c.mode).toUpperCase())
    : (() => { throw new ManifestError(`spec.connectionPooler.mode: '${c.mode}' is not session or transaction`); })();
  const r = c.resources;
  return compact({
    master,
    replica: replica || undefined,
    instances: c.numberOfInstances,
    mode,
    schema: c.schema,
    user: c.user,
    image: c.dockerImage,
    maxDBConnections: c.maxDBConnections,
    resources: r ? compact({
      cpuRequest: opt(r.requests?.cpu, v => cpuCode('spec.connectionPooler.resources.requests.cpu', v)),
      cpuLimit: opt(r.limits?.cpu, v => cpuCode('spec.connectionPooler.resources.limits.cpu', v)),
      memoryRequest: opt(r.requests?.memory, v => sizeCode('spec.connectionPooler.resources.requests.memory', v)),
      memoryLimit: opt(r.limits?.memory, v => sizeCode('spec.connectionPooler.resources.limits.memory', v)),
    }) : undefined,
    masterLoadBalancer: spec.enableMasterPoolerLoadBalancer,
    replicaLoadBalancer: spec.enableReplicaPoolerLoadBalancer,
    // Only for a pooler that runs: the operator has no Service to expose otherwise.
    masterNodePort: master ? spec.enableMasterPoolerNodePort : undefined,
    replicaNodePort: replica ? spec.enableReplicaPoolerNodePort : undefined,
    masterNodePortNumber: master ? nodePortNumber(spec, 'masterPoolerNodePort') : undefined,
    replicaNodePortNumber: replica ? nodePortNumber(spec, 'replicaPoolerNodePort') : undefined,
  });
}

/** `logicalBackup`: storage, image and prefix come from the operator configuration (the fleet). */
export function logicalBackupTree(spec: any): Tree {
  if (spec.enableLogicalBackup !== true) return undefined;
  return compact({
    schedule: spec.logicalBackupSchedule,
    ...(spec.logicalBackupRetention ? retentionTree('spec.logicalBackupRetention', spec.logicalBackupRetention) : {}),
  }) ?? {};
}

/** `tls` (`PostgresTls`); an empty secret name means no TLS, as in the operator. */
export function tlsTree(tls: any): Tree {
  if (!tls?.secretName) return undefined;
  return compact({
    secretName: tls.secretName,
    certificateFile: tls.certificateFile,
    privateKeyFile: tls.privateKeyFile,
    caFile: tls.caFile,
    caSecretName: tls.caSecretName,
  });
}

function built<T>(tree: Tree, make: (props: any) => T, symbol: string, method: string): Code {
  return call(make(valueOf(tree)), symbol, method, tree);
}

/**
 * Storage for a WAL path the manifest spells out: none when the fleet archives with the same provider (the clone or
 * standby then uses its credentials), else one built from the path's bucket.
 */
function storageForPath(field: string, walPath: string, ctx: OperatorContext, s3: { endpoint?: string; forcePathStyle?: boolean } = {}): Tree {
  const m = /^(s3|gs):\/\/([^/]+)/.exec(walPath);
  if (!m) throw new ManifestError(`${field}: '${walPath}' is not an s3:// or gs:// path`);
  const [, scheme, bucket] = m;
  const fleetProvider = (ctx.walStorage?.value as any)?._config?.provider;
  if (scheme === 's3' && fleetProvider === 's3' && s3.endpoint === undefined && s3.forcePathStyle === undefined) return undefined;
  if (scheme === 'gs') {
    const credentials = call(StorageCredentials.nodeIdentity(), `${LIB}:StorageCredentials`, 'nodeIdentity');
    return built({ bucket, credentials }, BackupStorage.gcs, `${LIB}:BackupStorage`, 'gcs');
  }
  if (!ctx.awsRegion) throw new ManifestError(`${field}: the operator configuration sets no aws_region for '${walPath}'`);
  return built(compact({ bucket, region: ctx.awsRegion, credentials: ctx.credentials, endpoint: s3.endpoint, forcePathStyle: s3.forcePathStyle }),
    BackupStorage.s3, `${LIB}:BackupStorage`, 's3');
}

/** `clone`: a basebackup from the running source without a timestamp, a WAL restore with one. */
export function cloneCode(source: string, clone: any, ctx: OperatorContext, findings: Findings): Tree {
  if (!clone?.cluster) return undefined;
  const s3Fields = ['uid', 's3_wal_path', 's3_endpoint', 's3_force_path_style'].filter(k => clone[k] !== undefined);
  if (!clone.timestamp) {
    for (const k of s3Fields) findings.warn(source, `spec.clone.${k}`, 'ignored without a timestamp, as by the operator');
    return built({ cluster: clone.cluster }, CloneSource.fromCluster, `${LIB}:CloneSource`, 'fromCluster');
  }
  let storage: Tree;
  let uid = clone.uid;
  if (clone.s3_wal_path) {
    if (uid !== undefined) findings.warn(source, 'spec.clone.uid', 'ignored with s3_wal_path, as by the operator');
    uid = undefined;
    storage = storageForPath('spec.clone.s3_wal_path', clone.s3_wal_path, ctx, { endpoint: clone.s3_endpoint, forcePathStyle: clone.s3_force_path_style });
  } else if (clone.s3_endpoint !== undefined || clone.s3_force_path_style !== undefined) {
    const bucket = (ctx.walStorage?.value as any)?._config?.props?.bucket;
    if (!bucket) throw new ManifestError('spec.clone.s3_endpoint: no bucket: set s3_wal_path or the configuration\'s wal_s3_bucket');
    storage = storageForPath('spec.clone.s3_endpoint', `s3://${bucket}`, ctx, { endpoint: clone.s3_endpoint, forcePathStyle: clone.s3_force_path_style });
  }
  return built(compact({ cluster: clone.cluster, timestamp: clone.timestamp, uid, walPath: clone.s3_wal_path, storage }),
    CloneSource.fromWalArchive, `${LIB}:CloneSource`, 'fromWalArchive');
}

/** `standby`: from a WAL archive (optionally streaming from a primary too) or from a primary alone. */
export function standbyCode(standby: any, ctx: OperatorContext): Tree {
  if (!standby || typeof standby !== 'object') return undefined;
  const primary = standby.standby_host
    ? compact({
      host: standby.standby_host,
      port: standby.standby_port !== undefined ? Number(standby.standby_port) : undefined,
      primarySlotName: standby.standby_primary_slot_name,
    })
    : undefined;
  if (standby.s3_wal_path && standby.gs_wal_path) throw new ManifestError('spec.standby: s3_wal_path and gs_wal_path exclude each other');
  const walPath = standby.s3_wal_path ?? standby.gs_wal_path;
  if (walPath) {
    const storage = storageForPath(standby.s3_wal_path ? 'spec.standby.s3_wal_path' : 'spec.standby.gs_wal_path', walPath, ctx);
    return built(compact({ walPath, storage, primary }), StandbySource.fromWalArchive, `${LIB}:StandbySource`, 'fromWalArchive');
  }
  if (primary) return built(primary, StandbySource.fromPrimary, `${LIB}:StandbySource`, 'fromPrimary');
  throw new ManifestError('spec.standby: needs s3_wal_path, gs_wal_path or standby_host');
}
