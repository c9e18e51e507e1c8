import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Backup, BackupStorage, FleetDefaults, LogShipping, PoolMode, PostgresCluster, PostgresSidecar, PostgresVersion, StorageCredentials, UserFlag,
} from '../src';

/** Clusters per namespace (and per Chart), the layout the README recommends. */
export const CLUSTERS_PER_NAMESPACE = 10;

/** Fleet defaults shared by every cluster, as a platform team would set them: backups, logs, exporter. */
export function fleetDefaults(): FleetDefaults {
  const credentials = StorageCredentials.irsa('arn:aws:iam::123456789012:role/postgres');
  return new FleetDefaults({
    backup: Backup.walG(BackupStorage.s3({ bucket: 'acme-pg-wal', region: 'eu-central-1', credentials }), { backupsToRetain: 7 }),
    logShipping: LogShipping.toS3({ bucket: 'acme-pg-logs', region: 'eu-central-1', credentials, hourly: true }),
    sidecars: [PostgresSidecar.postgresExporter()],
    podAntiAffinity: { preferred: true },
    resources: { cpuRequest: Cpu.millis(500), memoryRequest: Size.gibibytes(2), cpuLimit: Cpu.units(2), memoryLimit: Size.gibibytes(4) },
    labels: { 'cost-center': 'platform' },
    podTerminateGracePeriod: Duration.minutes(5),
  });
}

/** A production-like cluster: 3 instances, users and databases, a prepared database, a pooler. */
export function addCluster(chart: Chart, index: number, fleet: FleetDefaults): PostgresCluster {
  return new PostgresCluster(chart, `db-${index}`, {
    teamId: `team-${index % 20}`,
    fleet,
    instances: 3,
    version: PostgresVersion.V17,
    volume: { size: Size.gibibytes(50), storageClass: 'fast-ssd' },
    parameters: { max_connections: '300', shared_buffers: '1GB', work_mem: '16MB' },
    patroni: { synchronousMode: true, synchronousNodeCount: 1 },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    users: { app_owner: [UserFlag.CREATEDB], app_user: [], app_reader: [] },
    databases: { app: 'app_owner' },
    preparedDatabases: { reporting: { schemas: { data: {} }, extensions: { pg_trgm: 'data' } } },
    connectionPooler: { mode: PoolMode.TRANSACTION },
  });
}

/** An app with `clusters` clusters, `CLUSTERS_PER_NAMESPACE` per namespace, one Chart per namespace. */
export function buildFleet(app: App, clusters: number): Chart[] {
  const fleet = fleetDefaults();
  const charts: Chart[] = [];
  for (let i = 0; i < clusters; i++) {
    const ns = Math.floor(i / CLUSTERS_PER_NAMESPACE);
    if (!charts[ns]) charts[ns] = new Chart(app, `ns-${ns}`, { namespace: `team-ns-${ns}` });
    addCluster(charts[ns], i, fleet);
  }
  return charts;
}
