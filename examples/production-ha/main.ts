import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ExternalTrafficPolicy, FleetApp, FleetDefaults, PodSecurityProfile, PostgresCluster, PostgresVersion } from '../../src';
import { ExampleOptions } from '../example-options';

/**
 * Two highly available clusters in two namespaces sharing one set of fleet defaults:
 * required anti-affinity across nodes, spread over zones, sized resources, tuned parameters,
 * Patroni synchronous replication, a primary load balancer open to one office range, and billing's replicas on a
 * fixed node port for reporting tools on the company network. Every pod meets Pod Security `restricted`, and the
 * fleet's strict policy refuses dangerous-by-design props (a node port must name the ranges it admits).
 */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const fleet = new FleetDefaults({
    labels: { 'cost-center': 'platform' },
    podAntiAffinity: { topologyKey: 'kubernetes.io/hostname' },
    resources: { cpuRequest: Cpu.millis(500), memoryRequest: Size.gibibytes(2), cpuLimit: Cpu.units(2), memoryLimit: Size.gibibytes(4) },
    resourceThresholds: { minMemoryLimit: Size.gibibytes(1), setMemoryRequestToLimit: true },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' }],
    podTerminateGracePeriod: Duration.minutes(5),
    dbHostedZone: 'db.example.org',
    podSecurityProfile: PodSecurityProfile.RESTRICTED,
    strictPolicy: true,
  });
  const zoneSpread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }];

  const orders = new Chart(app, 'orders', { namespace: 'orders' });
  new PostgresCluster(orders, 'orders-db', {
    teamId: 'orders',
    fleet,
    instances: options.upgrade ? 4 : 3,
    version: PostgresVersion.V17,
    volume: { size: Size.gibibytes(100), storageClass: 'fast-ssd' },
    parameters: {
      max_connections: '400',
      shared_buffers: '1GB',
      work_mem: '16MB',
      log_statement: 'ddl',
      ...(options.upgrade ? { effective_io_concurrency: '200' } : {}),
    },
    patroni: {
      ttl: Duration.seconds(30),
      loopWait: Duration.seconds(10),
      retryTimeout: Duration.seconds(10),
      maximumLagOnFailover: Size.mebibytes(32),
      synchronousMode: true,
      synchronousNodeCount: 1,
    },
    topologySpreadConstraints: zoneSpread,
    loadBalancer: { master: true, allowedSourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    ...(options.upgrade ? { labels: { 'release-train': 'q4' } } : {}),
  });

  // A second team's cluster in its own namespace: same fleet, its own sizing.
  const billing = new Chart(app, 'billing', { namespace: 'billing' });
  new PostgresCluster(billing, 'billing-db', {
    teamId: 'billing',
    fleet,
    namespace: 'billing',
    instances: 2,
    volume: { size: Size.gibibytes(20) },
    resources: { memoryLimit: Size.gibibytes(2), memoryRequest: Size.gibibytes(1) },
    podAntiAffinity: { preferred: true },
    parameters: { log_min_duration_statement: '250' },
    // The NetworkPolicies admit the company network (the nodes forward with the source rewritten to theirs).
    nodePort: { replica: true, replicaPort: 30543, allowedSourceRanges: ['10.0.0.0/8'] },
  });
  return [orders, billing];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/production-ha' });
  build(app);
  app.synth();
}
