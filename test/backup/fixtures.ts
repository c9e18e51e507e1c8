import { BackupStorage, FleetDefaultsProps, PostgresClusterProps, StorageCredentials } from '../../src';
import { build, Built } from '../cluster/fixtures';

export { build, construct, CLUSTER, NAMESPACE } from '../cluster/fixtures';

/** A UID as the operator's `postgresql` resources carry. */
export const UID = 'efd12e58-5786-11e8-b5a7-06148230260c';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/postgres-backup';

/** S3 storage with IRSA in eu-central-1. */
export function s3(extra: Record<string, unknown> = {}): BackupStorage {
  return BackupStorage.s3({ bucket: 'acid-wal', region: 'eu-central-1', credentials: StorageCredentials.irsa(ROLE_ARN), ...extra });
}

export function gcs(credentials = StorageCredentials.gkeWorkloadIdentity('backup@acid-project.iam.gserviceaccount.com')): BackupStorage {
  return BackupStorage.gcs({ bucket: 'acid-wal', credentials });
}

export function azure(credentials = StorageCredentials.azureAccessKey({ secretName: 'azure-backup' })): BackupStorage {
  return BackupStorage.azure({ storageAccount: 'acidbackups', container: 'wal', credentials });
}

/** The env entries of a container after the operator's core block, i.e. from the first of `names`. */
export function envFrom(container: any, first: string): Array<[string, unknown]> {
  const env: any[] = container.env ?? [];
  const start = env.findIndex(e => e.name === first);
  if (start < 0) throw new Error(`no ${first} in ${env.map(e => e.name).join(', ')}`);
  return env.slice(start).map(e => [e.name, e.value ?? e.valueFrom ?? '']);
}

/** Env names of a container. */
export function envNames(container: any): string[] {
  return (container.env ?? []).map((e: any) => e.name);
}

/** Env as a map (values, or valueFrom objects). */
export function envMap(container: any): Record<string, unknown> {
  return Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom ?? '']));
}

/** `secretKeyRef` env source. */
export function secretRef(name: string, key: string) {
  return { secretKeyRef: { name, key } };
}

/** Builds and returns the cluster's ServiceAccount too. */
export function buildWith(props: Partial<PostgresClusterProps>, fleet?: FleetDefaultsProps): Built & { serviceAccount: any } {
  const built = build(props, fleet);
  const serviceAccount = built.objects.find(o => o.kind === 'ServiceAccount' && o.metadata.name === 'acid-test-postgres-pod');
  return { ...built, serviceAccount };
}

/**
 * The prefix Spilo's configure_spilo.py writes to the WAL envdir for a bucket, computed from the
 * rendered env the way Spilo does: `<scheme>://<WAL_*_BUCKET>/spilo/<prefix><SCOPE><suffix>/wal/<PGVERSION>`.
 */
export function spiloWalPrefix(container: any): string {
  const env = envMap(container);
  const scheme = env.WAL_S3_BUCKET ? 's3' : 'gs';
  const bucket = env.WAL_S3_BUCKET ?? env.WAL_GS_BUCKET;
  return `${scheme}://${bucket}/spilo/${env.WAL_BUCKET_SCOPE_PREFIX}${env.SCOPE}${env.WAL_BUCKET_SCOPE_SUFFIX}/wal/${env.PGVERSION}`;
}
