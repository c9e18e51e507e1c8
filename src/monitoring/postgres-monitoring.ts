import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import { PostgresMonitoringOptions } from './postgres-monitoring-options';
import { Construct } from 'constructs';
import { alertRules } from '../render/alert-rules';
import { CheckedApiObject } from './private/checked-api-object';
import type { PostgresCluster } from '../cluster/postgres-cluster';
import { assertMonitoringOptions } from '../resolve/monitoring';
import { fail, withContext } from '../private/validation';

/** Props of `PostgresMonitoring`. */
export interface PostgresMonitoringProps extends PostgresMonitoringOptions {
  /** The cluster to monitor. */
  readonly cluster: PostgresCluster;
}

/**
 * A PodMonitor and a PrometheusRule (prometheus-operator `monitoring.coreos.com/v1`) for one
 * cluster. Create it through `monitoring` or `cluster.enableMonitoring()`.
 */
export class PostgresMonitoring extends Construct {
  /** The PodMonitor `<c>`, if emitted. */
  public readonly podMonitor?: ApiObject;
  /** The PrometheusRule `<c>`, if emitted. */
  public readonly prometheusRule?: ApiObject;

  constructor(scope: Construct, id: string, props: PostgresMonitoringProps) {
    super(scope, id);
    const cluster = props.cluster;
    const facts = cluster._facts;
    const path = cluster.node.path;
    const labels = withContext(path, () => {
      assertMonitoringOptions('monitoring', props);
      return { ...facts.labels, ...props.labels };
    });
    const metadata = { name: cluster.clusterName, namespace: cluster.namespace, labels };
    const metrics = () => withContext(path, () => {
      const sidecar = cluster.sidecars.find(s => s.metricsPortName !== undefined);
      if (!sidecar) fail('monitoring', 'enabled', 'a sidecar with a metrics port, such as PostgresSidecar.postgresExporter()');
      return sidecar;
    });
    const podRoleKey = 'spilo-role';
    if (props.podMonitor ?? true) {
      this.podMonitor = new CheckedApiObject(this, 'PodMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata,
        spec: Lazy.any({
          produce: () => ({
            selector: { matchLabels: cluster.selectorLabels },
            podMetricsEndpoints: [{
              port: metrics().metricsPortName,
              path: '/metrics',
              ...(props.scrapeInterval ? { interval: `${props.scrapeInterval.toSeconds()}s` } : {}),
            }],
            // cluster-name becomes cluster_name on every series, which the alerts select on.
            podTargetLabels: [facts.clusterNameLabel, podRoleKey, 'team'],
          }),
        }),
      }, () => metrics());
    }
    if (props.rules ?? true) {
      this.prometheusRule = new CheckedApiObject(this, 'PrometheusRule', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata,
        spec: Lazy.any({
          produce: () => ({
            groups: [{
              name: `postgres-${cluster.clusterName}`,
              rules: alertRules({
                cluster: cluster.clusterName,
                namespace: cluster.namespace,
                clusterNameLabel: facts.clusterNameLabel,
                exporterContainer: metrics().name,
                instances: cluster.instances,
                archiving: facts.archiving,
                alertLabels: props.alertLabels ?? {},
                replicationLagBytes: (props.replicationLagThreshold ?? Size.mebibytes(64)).toKibibytes() * 1024,
                diskUsagePercent: props.diskUsagePercent ?? 85,
                connectionUsagePercent: props.connectionUsagePercent ?? 90,
                walArchiveMaxAgeSeconds: (props.walArchiveMaxAge ?? Duration.hours(1)).toSeconds(),
              }),
            }],
          }),
        }),
      }, () => metrics());
    }
  }
}
