import { App, Chart, Duration, Size } from 'cdk8s';
import { Backup, BackupStorage, FleetApp, FleetDefaults, PoolMode, PostgresClient, PostgresCluster, PostgresSidecar, StorageCredentials, UserFlag } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Sidecars, a connection pooler and monitoring:
 * - the fleet gives every cluster the postgres_exporter sidecar and monitoring (a PodMonitor and a
 *   PrometheusRule selected by a kube-prometheus-stack release label);
 * - `payments-db` adds a log forwarder (Fluent Bit tailing the CSV logs to an HTTP log service whose
 *   host and API key live in the Secret `log-service`), WAL-G backups (so the WAL archive alerts
 *   are on), and the PgBouncer pooler in front of the primary and the replicas.
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  const fleet = new FleetDefaults({
    sidecars: [PostgresSidecar.postgresExporter()],
    monitoring: { labels: { release: 'kube-prometheus-stack' }, scrapeInterval: Duration.seconds(30) },
    // Prometheus in namespace monitoring may scrape the exporter (and bg_mon); nothing else reaches them.
    networkPolicies: { monitoringClients: [PostgresClient.fromNamespace('monitoring')] },
  });
  const db = new PostgresCluster(chart, 'payments-db', {
    teamId: 'payments',
    fleet,
    instances: options.upgrade ? 3 : 2,
    volume: { size: Size.gibibytes(20) },
    users: { payments_owner: [UserFlag.CREATEDB], payments_app: [] },
    databases: { payments: 'payments_owner' },
    backup: Backup.walG(BackupStorage.s3({
      bucket: 'acme-pg-wal', region: 'eu-central-1', credentials: StorageCredentials.irsa('arn:aws:iam::123456789012:role/pg-wal'),
    })),
    connectionPooler: { replica: true, mode: PoolMode.TRANSACTION },
    ...(options.upgrade ? { parameters: { work_mem: '8MB' }, labels: { tier: 'database' } } : {}),
  });
  db.addSidecar(PostgresSidecar.logForwarder({ secretName: 'log-service', uri: '/api/v1/logs' }));
  return [chart];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/pooler-and-monitoring' });
  build(app);
  app.synth();
}
