import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Backup, BackupStorage, FleetApp, FleetDefaults, LogShipping, PostgresCluster, PostgresVersion, StorageCredentials, WalCompression } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Backups and logs for a team's clusters, configured once in the fleet defaults:
 * - WAL-G archives every cluster's WAL to S3 (IRSA) with a nightly base backup, keeping 7;
 * - Spilo ships the PostgreSQL CSV logs to S3 every hour;
 * - a nightly logical backup (pg_dumpall) lands in a third bucket and is kept for 30 days.
 * `payments-db` was taken over from the Zalando operator: its `clusterUid` is the UID of the old
 * `postgresql` resource, so it keeps archiving to the same paths. `ledger-db` archives to an
 * S3-compatible store (MinIO) with keys from a Secret, and ships no logs.
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const region = 'eu-central-1';
  const fleet = new FleetDefaults({
    backup: Backup.walG(
      BackupStorage.s3({ bucket: 'acme-pg-wal', region, credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/pg-wal') }),
      { schedule: '0 2 * * *', backupsToRetain: 7, compression: WalCompression.ZSTD },
    ),
    logShipping: LogShipping.toS3({
      bucket: 'acme-pg-logs',
      region,
      hourly: true,
      credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/pg-logs'),
      tags: { 'team': 'payments', 'data-class': 'restricted' },
    }),
    logicalBackup: {
      storage: BackupStorage.s3({ bucket: 'acme-pg-dumps', region, credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/pg-dumps') }),
      retention: Duration.days(30),
      resources: { cpuRequest: Cpu.millis(100), memoryRequest: Size.mebibytes(256), cpuLimit: Cpu.units(1), memoryLimit: Size.gibibytes(1) },
    },
  });

  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  new PostgresCluster(chart, 'payments-db', {
    teamId: 'payments',
    fleet,
    clusterUid: 'efd12e58-5786-11e8-b5a7-06148230260c',
    instances: options.upgrade ? 3 : 2,
    version: PostgresVersion.V17,
    volume: { size: Size.gibibytes(50) },
    logicalBackup: { schedule: '30 1 * * *' },
    ...(options.upgrade ? { parameters: { work_mem: '16MB' }, labels: { tier: 'database' } } : {}),
  });

  new PostgresCluster(chart, 'ledger-db', {
    teamId: 'payments',
    fleet,
    backup: Backup.walG(
      BackupStorage.s3({
        bucket: 'ledger-wal',
        region: 'us-east-1',
        endpoint: 'https://minio.storage.svc:9000',
        credentials: StorageCredentials.awsAccessKeys({ secretName: 'ledger-minio' }),
      }),
      { schedule: '0 3 * * *', backupsToRetain: 14 },
    ),
    logShipping: LogShipping.disabled(),
  });
  return [chart];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/backups-and-logs' });
  build(app);
  app.synth();
}
