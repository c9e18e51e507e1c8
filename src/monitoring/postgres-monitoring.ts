import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PostgresMonitoringOptions } from './postgres-monitoring-options';
import type { IPostgresCluster } from '../cluster/postgres-cluster-ref';
import { clusterFacts } from '../private/cluster-facts';
import { withSortedMaps } from '../private/map-order';
import { fail, withContext } from '../private/validation';
import { renderMonitoring } from '../render/monitoring';
import { assertMonitoringOptions } from '../resolve/monitoring';

/** Props of `PostgresMonitoring`. */
export interface PostgresMonitoringProps extends PostgresMonitoringOptions {
  /** The cluster to monitor. */
  readonly cluster: IPostgresCluster;
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
    props = withSortedMaps(props);
    const cluster = props.cluster;
    const path = cluster.node.path;
    const facts = clusterFacts(cluster);
    withContext(path, () => assertMonitoringOptions('monitoring', props));
    const objects = renderMonitoring(this, {
      cluster: cluster.clusterName,
      namespace: cluster.namespace,
      selector: cluster.selectorLabels,
      instances: cluster.instances,
      facts,
      metrics: () => withContext(path, () => {
        const sidecar = cluster.sidecars.find(s => s.metricsPortName !== undefined);
        if (!sidecar) fail('monitoring', 'enabled', 'a sidecar with a metrics port, such as PostgresSidecar.postgresExporter()');
        return sidecar;
      }),
      options: props,
    });
    this.podMonitor = objects.podMonitor;
    this.prometheusRule = objects.prometheusRule;
  }
}
