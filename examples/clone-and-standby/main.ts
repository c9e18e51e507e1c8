import { App, Chart } from 'cdk8s';
import { Backup, BackupStorage, CloneSource, FleetApp, FleetDefaults, PostgresClient, PostgresCluster, StandbySource, StorageCredentials } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Clusters bootstrapped from another one:
 * - `analytics-db` archives to S3 with WAL-G;
 * - `analytics-restore` is a point-in-time copy of it, restored from its archive up to a timestamp;
 * - `analytics-copy` is a copy of the running cluster taken with pg_basebackup;
 * - `analytics-standby`, in a second namespace, replays the archive and streams from the primary,
 *   ready to be promoted (`patronictl edit-config --set standby_cluster=null`).
 * The source's NetworkPolicy admits the members of the copy and of the standby (`allowFrom`).
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const uid = '8f0a1a2e-3b4c-4d5e-8f60-718293a4b5c6';
  const archive = BackupStorage.s3({
    bucket: 'acme-analytics-wal', region: 'eu-west-1', credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/analytics-wal'),
  });
  const fleet = new FleetDefaults({ backup: Backup.walG(archive, { backupsToRetain: 5 }) });

  const analytics = new Chart(app, 'analytics', { namespace: 'analytics' });
  const source = new PostgresCluster(analytics, 'analytics-db', {
    teamId: 'analytics',
    fleet,
    clusterUid: uid,
    instances: options.upgrade ? 3 : 2,
    ...(options.upgrade ? { parameters: { work_mem: '32MB' }, labels: { tier: 'database' } } : {}),
  });
  new PostgresCluster(analytics, 'analytics-restore', {
    teamId: 'analytics',
    fleet,
    clone: CloneSource.fromWalArchive({ cluster: 'analytics-db', uid, timestamp: '2025-06-30T23:59:59+02:00' }),
  });
  const copy = new PostgresCluster(analytics, 'analytics-copy', {
    teamId: 'analytics',
    fleet,
    backup: Backup.disabled(),
    clone: CloneSource.fromCluster({ cluster: 'analytics-db' }),
  });

  const dr = new Chart(app, 'analytics-dr', { namespace: 'analytics-dr' });
  const standby = new PostgresCluster(dr, 'analytics-standby', {
    teamId: 'analytics',
    fleet,
    backup: Backup.disabled(),
    instances: options.upgrade ? 2 : 1,
    standby: StandbySource.fromWalArchive({
      cluster: 'analytics-db', uid, storage: archive, primary: { host: 'analytics-db.analytics.svc', port: 5432 },
    }),
    ...(options.upgrade ? { parameters: { work_mem: '32MB' }, labels: { tier: 'database' } } : {}),
  });
  // pg_basebackup and streaming replication connect to the source's 5432, across namespaces for the standby.
  source.allowFrom(PostgresClient.fromWorkload(copy.statefulSet));
  source.allowFrom(PostgresClient.fromWorkload(standby.statefulSet));
  return [analytics, dr];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/clone-and-standby' });
  build(app);
  app.synth();
}
