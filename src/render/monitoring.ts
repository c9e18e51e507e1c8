import { ApiObject, Duration, Lazy, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { alertRules } from './alert-rules';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { CheckedApiObject } from '../monitoring/private/checked-api-object';
import { ClusterFacts } from '../private/cluster-facts';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

export interface MonitoringInput {
  readonly cluster: string;
  readonly namespace?: string;
  readonly selector: Record<string, string>;
  readonly instances: number;
  readonly facts: ClusterFacts;
  /** The sidecar with a metrics port; read at synth time (sidecars may be added later), failing if there is none. */
  readonly metrics: () => PostgresSidecar;
  readonly options: PostgresMonitoringOptions;
}

/** The PodMonitor and PrometheusRule `<c>` (prometheus-operator `monitoring.coreos.com/v1`). */
export function renderMonitoring(scope: Construct, m: MonitoringInput): { podMonitor?: ApiObject; prometheusRule?: ApiObject } {
  const o = m.options;
  const metadata = { name: m.cluster, namespace: m.namespace, labels: { ...m.facts.labels, ...o.labels } };
  const podRoleKey = 'spilo-role';
  const podMonitor = (o.podMonitor ?? true) ? new CheckedApiObject(scope, 'PodMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata,
    spec: Lazy.any({
      produce: () => ({
        selector: { matchLabels: m.selector },
        podMetricsEndpoints: [{
          port: m.metrics().metricsPortName,
          path: '/metrics',
          ...(o.scrapeInterval ? { interval: `${o.scrapeInterval.toSeconds()}s` } : {}),
        }],
        // cluster-name becomes cluster_name on every series, which the alerts select on.
        podTargetLabels: [m.facts.clusterNameLabel, podRoleKey, 'team'],
      }),
    }),
  }, () => m.metrics()) : undefined;
  const prometheusRule = (o.rules ?? true) ? new CheckedApiObject(scope, 'PrometheusRule', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata,
    spec: Lazy.any({
      produce: () => ({
        groups: [{
          name: `postgres-${m.cluster}`,
          rules: alertRules({
            cluster: m.cluster,
            namespace: m.namespace,
            clusterNameLabel: m.facts.clusterNameLabel,
            exporterContainer: m.metrics().name,
            instances: m.instances,
            archiving: m.facts.archiving,
            alertLabels: o.alertLabels ?? {},
            replicationLagBytes: (o.replicationLagThreshold ?? Size.mebibytes(64)).toKibibytes() * 1024,
            diskUsagePercent: o.diskUsagePercent ?? 85,
            connectionUsagePercent: o.connectionUsagePercent ?? 90,
            walArchiveMaxAgeSeconds: (o.walArchiveMaxAge ?? Duration.hours(1)).toSeconds(),
          }),
        }],
      }),
    }),
  }, () => m.metrics()) : undefined;
  return { ...(podMonitor ? { podMonitor } : {}), ...(prometheusRule ? { prometheusRule } : {}) };
}
