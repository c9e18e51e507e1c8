import { literal, mergeParts, PodParts, storageAccess } from './pod-parts';
import { resolveStorage, ResolvedStorage, walPrefix } from './resolve-storage';
import { assertCron, assertScopePrefix } from './validate';
import { assertBoolean, assertInteger, fail } from '../../private/validation';
import { Backup, WalCompression } from '../backup';

export interface WalInput {
  /** `backup` or `fleet.backup`, for error messages. */
  readonly prop: string;
  readonly backup: Backup;
  readonly scope: string;
  /** `/<clusterUid>` or ''. */
  readonly suffix: string;
  readonly version: string;
}

export interface WalPlan {
  readonly storage: ResolvedStorage;
  readonly parts: PodParts;
  /** Where Spilo archives, e.g. `s3://bucket/spilo/acid-test/uid/wal/17`. */
  readonly prefix: string;
}

const OPTION_KEYS = ['schedule', 'backupsToRetain', 'compression', 'scopePrefix', 'backupFromReplica', 'uploadConcurrency', 'downloadConcurrency'];

/**
 * The env of continuous archiving, in the operator's order: the bucket block it renders
 * (`WAL_*_BUCKET`, `WAL_BUCKET_SCOPE_SUFFIX`, `WAL_BUCKET_SCOPE_PREFIX`), then the WAL-G settings
 * Spilo copies into its envdir, then storage access.
 */
export function walEnv(input: WalInput): WalPlan | undefined {
  const { prop, backup } = input;
  if (!(backup instanceof Backup)) fail(prop, backup, 'Backup.walG(storage, options) or Backup.disabled()');
  if (backup._storage === undefined) return undefined;
  const storage = resolveStorage(`${prop}.storage`, backup._storage);
  const o = backup._options;
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key) && (o as any)[key] !== undefined) fail(`${prop}.${key}`, (o as any)[key], `one of the WAL-G options ${OPTION_KEYS.join(', ')}`);
  }
  assertBoolean(`${prop}.backupFromReplica`, o.backupFromReplica);
  const scopePrefix = assertScopePrefix(`${prop}.scopePrefix`, o.scopePrefix ?? '');
  const prefix = walPrefix(storage, scopePrefix, input.scope, input.suffix, input.version);

  const bucketBlock = {
    s3: [literal('WAL_S3_BUCKET', storage.bucket)],
    gcs: [literal('WAL_GS_BUCKET', storage.bucket)],
    azure: [literal('AZURE_STORAGE_ACCOUNT', storage.account!)],
  }[storage.provider];
  const env = [
    ...bucketBlock,
    literal('WAL_BUCKET_SCOPE_SUFFIX', input.suffix),
    literal('WAL_BUCKET_SCOPE_PREFIX', scopePrefix),
    // Spilo only generates S3/GCS prefixes from a bucket; Azure needs the prefix itself.
    ...(storage.provider === 'azure' ? [literal('WALG_AZ_PREFIX', prefix)] : []),
    literal('USE_WALG_BACKUP', 'true'),
    literal('USE_WALG_RESTORE', 'true'),
  ];
  if (o.schedule !== undefined) env.push(literal('BACKUP_SCHEDULE', assertCron(`${prop}.schedule`, o.schedule)));
  if (o.backupsToRetain !== undefined) {
    if (!Number.isInteger(o.backupsToRetain) || o.backupsToRetain < 2) {
      fail(`${prop}.backupsToRetain`, o.backupsToRetain, 'an integer >= 2 (Spilo never keeps fewer than 2 backups or 2 days)');
    }
    env.push(literal('BACKUP_NUM_TO_RETAIN', String(o.backupsToRetain)));
  }
  if (o.compression !== undefined) {
    if (!Object.values(WalCompression).includes(o.compression)) fail(`${prop}.compression`, o.compression, `one of ${Object.values(WalCompression).join(', ')}`);
    env.push(literal('WALG_COMPRESSION_METHOD', o.compression));
  }
  if (o.backupFromReplica) env.push(literal('WALG_BACKUP_FROM_REPLICA', 'true'));
  for (const [key, name] of [['uploadConcurrency', 'WALG_UPLOAD_CONCURRENCY'], ['downloadConcurrency', 'WALG_DOWNLOAD_CONCURRENCY']] as const) {
    if (o[key] === undefined) continue;
    assertInteger(`${prop}.${key}`, o[key], 1, 64);
    env.push(literal(name, String(o[key])));
  }
  const parts = mergeParts({ env, volumes: [], mounts: [], serviceAccountAnnotations: [], secrets: [] }, storageAccess('', storage, 'backup'));
  return { storage, parts, prefix };
}
