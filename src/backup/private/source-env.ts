import { fromSecret, literal, mergeParts, PodParts, storageAccess } from './pod-parts';
import { resolveStorage, ResolvedStorage, scopeSuffix } from './resolve-storage';
import { assertAzureContainer, assertGcsBucket, assertOnlyKeys, assertPathId, assertS3Bucket, assertTimestamp } from './validate';
import { names } from '../../private/names';
import { assertBoolean, assertDns1123Subdomain, assertInteger, DNS1035_LABEL, fail } from '../../private/validation';
import { BackupStorage } from '../backup-storage';
import { CloneSource } from '../clone-source';
import { StandbySource } from '../standby-source';

export interface SourceInput {
  /** This cluster's PGVERSION (a standby replays WAL of the same major). */
  readonly version: string;
  /** Storage of the cluster's effective backup, the default source location (as the operator's WAL bucket). */
  readonly defaultStorage?: { readonly prop: string; readonly storage: BackupStorage };
  /** Replication user name (the operator's CLONE_USER). */
  readonly replicationUsername: string;
}

const SCHEMES: Record<string, string> = { s3: 's3://', gcs: 'gs://', azure: 'azure://' };
const PATH_VARS: Record<string, string> = { s3: 'WALE_S3_PREFIX', gcs: 'WALE_GS_PREFIX', azure: 'WALG_AZ_PREFIX' };

/** The operator's `clone` env (§1.11), each name once, in its order; plus what Spilo needs that it leaves out. */
export function cloneEnv(prop: string, clone: CloneSource, input: SourceInput): PodParts {
  if (!(clone instanceof CloneSource)) fail(prop, clone, 'CloneSource.fromWalArchive(options) or CloneSource.fromCluster(options)');
  const o = clone._options;
  const cluster = sourceCluster(`${prop}.cluster`, o.cluster);
  if (clone._method === 'basebackup') {
    assertOnlyKeys(prop, o, ['cluster', 'host', 'port', 'passwordSecretName'], 'CloneSource.fromCluster');
    if (o.host !== undefined) assertHost(`${prop}.host`, o.host);
    assertInteger(`${prop}.port`, o.port, 1, 65535);
    assertDns1123Subdomain(`${prop}.passwordSecretName`, o.passwordSecretName);
    const secret = o.passwordSecretName ?? names.credentialsSecret(input.replicationUsername, cluster);
    return {
      env: [
        literal('CLONE_SCOPE', cluster),
        literal('CLONE_METHOD', 'CLONE_WITH_BASEBACKUP'),
        literal('CLONE_HOST', o.host ?? names.primaryService(cluster)),
        literal('CLONE_PORT', String(o.port ?? 5432)),
        literal('CLONE_USER', input.replicationUsername),
        fromSecret('CLONE_PASSWORD', secret, 'password'),
      ],
      volumes: [],
      mounts: [],
      serviceAccountAnnotations: [],
      secrets: [secret],
    };
  }
  assertOnlyKeys(prop, o, ['cluster', 'timestamp', 'uid', 'storage', 'walPath', 'useWalG'], 'CloneSource.fromWalArchive');
  const storage = sourceStorage(prop, o.storage, input);
  assertBoolean(`${prop}.useWalG`, o.useWalG);
  if (o.useWalG === false && storage.provider === 'azure') fail(`${prop}.useWalG`, false, 'true or unset: only WAL-G can read Azure');
  const suffix = scopeSuffix(o.uid === undefined ? undefined : assertPathId(`${prop}.uid`, o.uid));
  const env = [literal('CLONE_SCOPE', cluster)];
  if (storage.provider === 'azure') env.push(literal('CLONE_AZURE_STORAGE_ACCOUNT', storage.account!));
  if (o.walPath !== undefined) {
    if (o.uid !== undefined) fail(`${prop}.uid`, o.uid, 'no uid with walPath (the path is used as given)');
    env.push(literal(`CLONE_${PATH_VARS[storage.provider]}`, assertWalPath(`${prop}.walPath`, o.walPath, storage)));
  } else if (storage.provider === 'azure') {
    // Spilo writes no envdir for an Azure bucket name, only for a prefix; ending in /wal/ lets it try each major.
    env.push(literal('CLONE_WALG_AZ_PREFIX', `azure://${storage.bucket}/spilo/${cluster}${suffix}/wal/`), literal('CLONE_WAL_BUCKET_SCOPE_SUFFIX', suffix));
  } else {
    env.push(literal(storage.provider === 's3' ? 'CLONE_WAL_S3_BUCKET' : 'CLONE_WAL_GS_BUCKET', storage.bucket), literal('CLONE_WAL_BUCKET_SCOPE_SUFFIX', suffix));
  }
  env.push(literal('CLONE_METHOD', 'CLONE_WITH_WALE'));
  if (o.timestamp !== undefined) env.push(literal('CLONE_TARGET_TIME', assertTimestamp(`${prop}.timestamp`, o.timestamp)));
  env.push(literal('CLONE_WAL_BUCKET_SCOPE_PREFIX', ''));
  const useWalG = o.useWalG ?? (storage.provider === 'azure' ? true : undefined);
  if (useWalG !== undefined) env.push(literal('CLONE_USE_WALG_RESTORE', String(useWalG)));
  return mergeParts({ env, volumes: [], mounts: [], serviceAccountAnnotations: [], secrets: [] }, storageAccess('CLONE_', storage, 'clone'));
}

/** The operator's `standby` env (§1.12) in its order, with the source's storage access that Spilo needs. */
export function standbyEnv(prop: string, standby: StandbySource, input: SourceInput): PodParts {
  if (!(standby instanceof StandbySource)) fail(prop, standby, 'StandbySource.fromWalArchive(options) or StandbySource.fromPrimary(options)');
  const o = standby._options;
  const env = [];
  if (o.primary !== undefined) {
    const primaryProp = standby._method === 'primary' ? prop : `${prop}.primary`;
    const p = o.primary;
    assertOnlyKeys(primaryProp, p, ['host', 'port', 'primarySlotName'], 'a standby primary');
    assertHost(`${primaryProp}.host`, p.host);
    assertInteger(`${primaryProp}.port`, p.port, 1, 65535);
    if (p.primarySlotName !== undefined && (typeof p.primarySlotName !== 'string' || !/^[a-z0-9_]{1,63}$/.test(p.primarySlotName))) {
      fail(`${primaryProp}.primarySlotName`, p.primarySlotName, 'a replication slot name (1 to 63 lower-case letters, digits and _)');
    }
    env.push(literal('STANDBY_HOST', p.host));
    if (p.port !== undefined) env.push(literal('STANDBY_PORT', String(p.port)));
    if (p.primarySlotName !== undefined) env.push(literal('STANDBY_PRIMARY_SLOT_NAME', p.primarySlotName));
  }
  if (standby._method === 'primary') return { env, volumes: [], mounts: [], serviceAccountAnnotations: [], secrets: [] };

  assertOnlyKeys(prop, o, ['cluster', 'uid', 'storage', 'walPath', 'primary'], 'StandbySource.fromWalArchive');
  const storage = sourceStorage(prop, o.storage, input);
  let path: string;
  if (o.walPath !== undefined) {
    for (const key of ['cluster', 'uid']) if (o[key] !== undefined) fail(`${prop}.${key}`, o[key], `no ${key} with walPath (the path is used as given)`);
    path = assertWalPath(`${prop}.walPath`, o.walPath, storage);
  } else {
    const cluster = sourceCluster(`${prop}.cluster`, o.cluster);
    const suffix = scopeSuffix(o.uid === undefined ? undefined : assertPathId(`${prop}.uid`, o.uid));
    path = `${SCHEMES[storage.provider]}${storage.bucket}/spilo/${cluster}${suffix}/wal/${input.version}`;
  }
  if (storage.provider === 'azure') env.push(literal('STANDBY_AZURE_STORAGE_ACCOUNT', storage.account!));
  env.push(
    literal(`STANDBY_${PATH_VARS[storage.provider]}`, path),
    literal('STANDBY_METHOD', 'STANDBY_WITH_WALE'),
    literal('STANDBY_WAL_BUCKET_SCOPE_PREFIX', ''),
  );
  if (storage.provider === 'azure') env.push(literal('STANDBY_USE_WALG_RESTORE', 'true'));
  return mergeParts({ env, volumes: [], mounts: [], serviceAccountAnnotations: [], secrets: [] }, storageAccess('STANDBY_', storage, 'standby'));
}

function sourceCluster(prop: string, cluster: unknown): string {
  if (typeof cluster !== 'string' || cluster.length > 63 || !DNS1035_LABEL.test(cluster)) {
    fail(prop, cluster, 'the source cluster name: a DNS-1035 label of at most 63 characters');
  }
  return cluster;
}

function sourceStorage(prop: string, storage: BackupStorage | undefined, input: SourceInput): ResolvedStorage {
  if (storage !== undefined) return resolveStorage(`${prop}.storage`, storage);
  if (input.defaultStorage === undefined) {
    return fail(`${prop}.storage`, undefined, 'a BackupStorage: neither the cluster nor the fleet has a backup whose storage could be the source');
  }
  return resolveStorage(input.defaultStorage.prop, input.defaultStorage.storage);
}

function assertHost(prop: string, host: unknown): void {
  const ipv4 = typeof host === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (typeof host !== 'string' || (!ipv4 && (host.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(host)))) {
    fail(prop, host, 'a host name or IPv4 address');
  }
}

/** `<scheme>://<bucket>/<path>` for the storage's provider, with a valid bucket. */
function assertWalPath(prop: string, path: unknown, storage: ResolvedStorage): string {
  const scheme = SCHEMES[storage.provider];
  const m = typeof path === 'string' ? /^([a-z0-9]+):\/\/([^/]+)\/(.+)$/.exec(path) : null;
  if (!m || `${m[1]}://` !== scheme) fail(prop, path, `a ${scheme}<bucket>/<path> prefix for the source's ${storage.prop} (${storage.provider})`);
  const check = { s3: assertS3Bucket, gcs: assertGcsBucket, azure: assertAzureContainer }[storage.provider];
  check(`${prop} bucket`, m[2]);
  return path as string;
}
