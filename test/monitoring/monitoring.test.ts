import { Duration, Size } from 'cdk8s';
import { parse } from 'yaml';
import { checkRuleGroups, parseErrors } from './promql';
import { Backup, BackupStorage, PostgresSidecar, StorageCredentials } from '../../src';
import { EXPORTER_QUERIES, METRIC_PREFIX } from '../../src/monitoring/exporter-queries';
import { build, CLUSTER } from '../cluster/fixtures';
import { named } from '../util';

const exporter = () => PostgresSidecar.postgresExporter();
const withBackup = { backup: Backup.walG(BackupStorage.s3({ bucket: 'pg-wal', region: 'eu-central-1', credentials: StorageCredentials.nodeIdentity() })) };
const alerts = (objects: any[]) => named(objects, 'PrometheusRule', CLUSTER).spec.groups[0].rules;
const alertNames = (objects: any[]) => alerts(objects).map((r: any) => r.alert);

describe('PodMonitor', () => {
  test('selects the cluster\'s pods and scrapes the exporter port, copying cluster-name, spilo-role and team', () => {
    // GIVEN a cluster with the exporter and monitoring (labels for the Prometheus that selects it)
    const { objects } = build({ sidecars: [exporter()], monitoring: { labels: { release: 'prom' }, scrapeInterval: Duration.seconds(30) } });
    // THEN the PodMonitor (validated against prometheus-operator's CRD) is
    const pm = named(objects, 'PodMonitor', CLUSTER);
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.metadata.namespace).toBe('db');
    expect(pm.metadata.labels).toMatchObject({ 'application': 'spilo', 'cluster-name': CLUSTER, 'team': 'acid', 'release': 'prom' });
    expect(pm.spec).toEqual({
      selector: { matchLabels: { 'application': 'spilo', 'cluster-name': CLUSTER } },
      podMetricsEndpoints: [{ port: 'exporter', path: '/metrics', interval: '30s' }],
      podTargetLabels: ['cluster-name', 'spilo-role', 'team'],
    });
  });

  test('podMonitor: false and rules: false emit nothing; fleet monitoring applies when the cluster sets none', () => {
    expect(build({ sidecars: [exporter()], monitoring: { podMonitor: false, rules: false } }).objects
      .filter(o => o.apiVersion === 'monitoring.coreos.com/v1')).toEqual([]);
    const { objects, cluster } = build({ sidecars: [exporter()] }, { monitoring: { rules: false } });
    expect(named(objects, 'PodMonitor', CLUSTER)).toBeDefined();
    expect(objects.some(o => o.kind === 'PrometheusRule')).toBe(false);
    expect(cluster.monitoring?.podMonitor).toBeDefined();
  });
});

describe('PrometheusRule', () => {
  test('one instance: exporter, availability, disk, connections and wraparound alerts, no replication or archive alerts', () => {
    const { objects } = build({ sidecars: [exporter()], monitoring: {} });
    expect(alertNames(objects)).toEqual([
      'PostgresExporterDown', 'PostgresDown', 'PostgresNoPrimary', 'PostgresMultiplePrimaries', 'PostgresMembersNotReady',
      'PostgresDiskNearlyFull', 'PostgresDiskFullIn24h', 'PostgresTooManyConnections', 'PostgresTransactionIdWraparound',
    ]);
  });

  test('three instances with backups: replication and WAL archive (backup age) alerts too, with the thresholds given', () => {
    const { objects } = build({
      instances: 3,
      ...withBackup,
      sidecars: [exporter()],
      monitoring: {
        alertLabels: { team: 'dba' },
        replicationLagThreshold: Size.mebibytes(16),
        diskUsagePercent: 80,
        connectionUsagePercent: 75,
        walArchiveMaxAge: Duration.minutes(45),
      },
    });
    const rules = Object.fromEntries(alerts(objects).map((r: any) => [r.alert, r]));
    const sel = `{namespace="db",cluster_name="${CLUSTER}"}`;
    expect(rules.PostgresReplicationLagHigh.expr).toBe(`cdk8s_pg_replication_lag_bytes${sel} > 16777216`);
    expect(rules.PostgresReplicaNotStreaming.expr).toContain('< 2');
    expect(rules.PostgresMembersNotReady.expr).toBe(`kube_statefulset_status_replicas_ready{namespace="db",statefulset="${CLUSTER}"} < 3`);
    expect(rules.PostgresDiskNearlyFull.expr).toContain(`persistentvolumeclaim=~"pgdata-${CLUSTER}-[0-9]+"`);
    expect(rules.PostgresDiskNearlyFull.expr).toMatch(/> 80$/);
    expect(rules.PostgresTooManyConnections.expr).toMatch(/> 75$/);
    expect(rules.PostgresWalArchiveStale.expr).toBe(`cdk8s_pg_archiver_ready_segments${sel} > 0 and cdk8s_pg_archiver_last_archived_age_seconds${sel} > 2700`);
    expect(rules.PostgresWalArchivingFailing.labels).toEqual({ severity: 'critical', team: 'dba' });
    expect(rules.PostgresExporterDown.expr).toBe(`up{namespace="db",cluster_name="${CLUSTER}",container="postgres-exporter"} == 0`);
    for (const r of alerts(objects)) {
      expect(Object.keys(r).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'labels']);
      expect(r.annotations.summary).toBeTruthy();
    }
  });

  test('every metric an alert uses from our query set is one the exporter produces from it', () => {
    const produced = new Set(EXPORTER_QUERIES.flatMap(q => q.metrics.filter(m => m.usage !== 'LABEL').map(m => `${q.name}_${m.column}`)));
    const { objects } = build({ instances: 2, ...withBackup, sidecars: [exporter()], monitoring: {} });
    const used = alerts(objects).flatMap((r: any) => r.expr.match(new RegExp(`${METRIC_PREFIX}_[a-z_]+`, 'g')) ?? []);
    expect(used.length).toBeGreaterThan(10);
    for (const metric of used) expect(produced).toContain(metric);
  });
});

describe('Prometheus\'s own parser accepts every rule (model/rulefmt, as promtool check rules)', () => {
  jest.setTimeout(600_000);

  test('the rule groups of a cluster with every alert load, templates included', () => {
    const { objects } = build({ instances: 3, ...withBackup, sidecars: [exporter()], monitoring: { alertLabels: { team: 'dba' } } });
    const groups = named(objects, 'PrometheusRule', CLUSTER).spec.groups;
    const result = checkRuleGroups(groups);
    expect(result.output).toContain(`${groups[0].rules.length} rules OK`);
    expect(result.ok).toBe(true);
  });

  test('each expression parses and type-checks on its own', () => {
    const { objects } = build({ instances: 3, ...withBackup, sidecars: [exporter()], monitoring: {} });
    const exprs = alerts(objects).map((r: any) => r.expr);
    expect(parseErrors(exprs)).toEqual(exprs.map(() => ''));
  });

  test('a syntax error, a type error and a broken template are caught (the check is real)', () => {
    expect(parseErrors(['sum(rate(up[5m])', 'rate(up)', 'up == 0'])).toEqual([
      expect.stringMatching(/unclosed left parenthesis/), expect.stringMatching(/expected type range vector/), '',
    ]);
    const bad = checkRuleGroups([{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', annotations: { summary: '{{ $labels.pod }' } }] }]);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/annotation "summary"/);
  });
});

describe('the exporter\'s query set', () => {
  test('is a postgres_exporter queries.yaml: name -> {query, metrics: [{column: {usage, description}}]}', () => {
    const { objects } = build({ sidecars: [exporter()] });
    const doc = parse(objects.find((o: any) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('cdk8s-postgres-postgres-exporter-')).data['queries.yaml']);
    expect(Object.keys(doc)).toEqual(EXPORTER_QUERIES.map(q => q.name));
    for (const [name, spec] of Object.entries<any>(doc)) {
      expect(name.startsWith(`${METRIC_PREFIX}_`)).toBe(true);
      expect(typeof spec.query).toBe('string');
      for (const m of spec.metrics) {
        expect(Object.keys(m)).toHaveLength(1);
        expect(['LABEL', 'GAUGE', 'COUNTER']).toContain(Object.values<any>(m)[0].usage);
      }
    }
  });
});
