import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Backup, BackupStorage, FleetApp, FleetDefaults, PoolMode, PostgresCluster, PostgresSidecar, StorageCredentials, UserFlag } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Sidecars, a connection pooler and monitoring:
 * - the fleet gives every cluster the postgres_exporter sidecar and monitoring (a PodMonitor and a
 *   PrometheusRule selected by a kube-prometheus-stack release label);
 * - `payments-db` adds a log forwarder (Fluent Bit tailing the CSV logs to an HTTP log service whose
 *   host and API key live in the Secret `log-service`), WAL-G backups (so the WAL archive alerts
 *   are on), the PgBouncer pooler in front of the primary and the replicas, and TLS from cert-manager (one
 *   certificate for the members' and the poolers' Services, issued by the ClusterIssuer `payments-ca`);
 * - the `payments-api` Deployment is wired to the pooler with `connect()`: libpq env from `payments_app`'s Secret,
 *   `sslmode=verify-full` against the cluster's CA, and a place in the cluster's NetworkPolicies.
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  const fleet = new FleetDefaults({
    sidecars: [PostgresSidecar.postgresExporter()],
    monitoring: { labels: { release: 'kube-prometheus-stack' }, scrapeInterval: Duration.seconds(30) },
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
    tls: { secretName: 'payments-db-tls', certManager: { issuer: { name: 'payments-ca', kind: 'ClusterIssuer' } } },
    ...(options.upgrade ? { parameters: { work_mem: '8MB' }, labels: { tier: 'database' } } : {}),
  });
  db.addSidecar(PostgresSidecar.logForwarder({ secretName: 'log-service', uri: '/api/v1/logs' }));
  const api = new kplus.Deployment(chart, 'payments-api', {
    replicas: 2,
    containers: [{
      name: 'api',
      image: 'registry.example.com/payments-api:3.2.1',
      portNumber: 8080,
      resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    }],
  });
  db.connect(api, { user: 'payments_app', database: 'payments', pooler: true });
  return [chart];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/pooler-and-monitoring' });
  build(app);
  app.synth();
}
