/*
 * The cluster's side of the poolers: what they take from the cluster and the fleet, as the
 * operator's generateConnectionPoolerPodTemplate and generateConnectionPoolerService do: labels,
 * tolerations, node affinity, anti-affinity on the pooler's own selector labels, grace period,
 * fsGroup, pod and service annotations, load balancers with the cluster's source ranges.
 */
import { Duration } from 'cdk8s';
import { ResolvedNodePorts } from './node-ports';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { ExternalTrafficPolicy } from '../cluster/load-balancer';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PoolerSettings, ResolvedPooler, ResolvedPoolers } from '../model/pooler';
import { ResolvedTls } from '../model/tls';
import { ClusterLabelKeys, ClusterMetadata, PASSWORD_ROTATION_ANNOTATION } from '../private/labels';
import { names } from '../private/names';
import { wholeSeconds } from '../private/quantity';
import { spiloAffinity } from '../private/spilo-pod';
import { fail } from '../private/validation';
import { CredentialsSource, DatabaseUserSecret } from '../users/credentials';

/** pgbouncer's group in the operator's image (poolerRunAsGroup). */
const POOLER_GROUP = 101;

/** The operator's pooler `application` label (hard-coded there too). */
export const POOLER_APPLICATION = 'db-connection-pooler';

export interface ClusterPoolerContext extends ClusterMetadata {
  readonly name: string;
  readonly namespace?: string;
  /** All label keys: the pooler's pods take the cluster labels with `application` replaced. */
  readonly keys: ClusterLabelKeys;
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
  readonly settings: PoolerSettings;
  /** The poolers' NodePort Services (`masterPooler`, `replicaPooler`). */
  readonly nodePorts: ResolvedNodePorts;
  /** The pooler role's credentials Secret. */
  readonly secret: DatabaseUserSecret;
  /** The pooler role's `passwordRotation` label: a new one restarts the pooler pods (they read the password at start). */
  readonly rotation?: string;
  /** The cluster's TLS: the poolers serve its certificate too. */
  readonly tls?: ResolvedTls;
}

/** Each enabled pooler's fields from the cluster's and the fleet's settings. */
export function resolvePoolers(c: ClusterPoolerContext): ResolvedPoolers {
  // The operator's pooler pods carry the cluster labels with application replaced: without an
  // application label of its own, the cluster's selectors (Services, Patroni's members) would match them.
  const application = c.keys.clusterLabels.application;
  if (application === undefined || application === POOLER_APPLICATION) {
    fail('fleet.clusterLabels', c.keys.clusterLabels, `cluster labels with an application key other than ${POOLER_APPLICATION} when a `
      + `connection pooler is enabled: pooler pods get the cluster labels with application: ${POOLER_APPLICATION}, so they would `
      + 'otherwise match the database Services and Patroni\'s member list');
  }
  const { props, fleet } = c;
  const grace = wholeSeconds(fleet.podTerminateGracePeriod ?? Duration.minutes(5), 'fleet.podTerminateGracePeriod');
  const lb = props.loadBalancer ?? {};
  const make = (master: boolean): ResolvedPooler => {
    const role = master ? 'master' : 'replica';
    const name = master ? names.pooler(c.name) : names.replicaPooler(c.name);
    const selector = { ...c.selector, 'application': POOLER_APPLICATION, 'connection-pooler': name };
    const labels = { ...c.labels, 'application': POOLER_APPLICATION, 'connection-pooler': name, [c.keys.podRoleLabel]: role };
    const nodePort = master ? c.nodePorts.masterPooler : c.nodePorts.replicaPooler;
    // A NodePort wins over the load balancer, as in the operator.
    const loadBalancer = (master ? c.settings.masterLoadBalancer : c.settings.replicaLoadBalancer) && !nodePort;
    const serviceAnnotations: Record<string, string> = {
      ...fleet.serviceAnnotations,
      ...c.annotations,
      ...props.serviceAnnotations,
      ...(master ? props.masterServiceAnnotations : props.replicaServiceAnnotations),
    };
    if (loadBalancer && fleet.dbHostedZone) {
      if (!c.namespace) fail('namespace', c.namespace, 'a namespace when load balancers get an external-dns hostname (fleet.dbHostedZone)');
      // The operator's master/replica DNS name format with the pooler name as the cluster name.
      serviceAnnotations['external-dns.alpha.kubernetes.io/hostname'] = `${name}.${c.namespace}.${fleet.dbHostedZone}`.toLowerCase();
    }
    return {
      name,
      namespace: c.namespace,
      selector,
      labels,
      annotations: c.annotations,
      podAnnotations: {
        ...fleet.podAnnotations,
        ...props.podAnnotations,
        ...c.annotations,
        ...(c.rotation !== undefined ? { [PASSWORD_ROTATION_ANNOTATION]: c.rotation } : {}),
      },
      serviceAnnotations,
      databaseService: master ? names.primaryService(c.name) : names.replicaService(c.name),
      settings: c.settings,
      secret: c.secret,
      ...(c.rotation !== undefined && c.secret.source === CredentialsSource.GENERATED ? { awaitRotation: c.rotation } : {}),
      terminationGracePeriodSeconds: grace,
      // Deviation: with TLS and no fsGroup, pgbouncer's own group, so that it can read the 0640 key (the operator
      // leaves the pod without one, and pgbouncer then cannot start).
      fsGroup: props.fsGroup ?? fleet.fsGroup ?? (c.tls ? POOLER_GROUP : undefined),
      ...(c.tls ? { tls: { env: c.tls.poolerEnv, volumes: c.tls.volumes, mounts: c.tls.mounts } } : {}),
      tolerations: props.tolerations ?? fleet.tolerations,
      affinity: spiloAffinity({
        selectorLabels: selector,
        objectLabels: labels,
        antiAffinity: props.podAntiAffinity ?? fleet.podAntiAffinity,
        nodeAffinity: props.nodeAffinity,
        nodeReadinessLabel: fleet.nodeReadinessLabel,
        nodeReadinessLabelMerge: fleet.nodeReadinessLabelMerge ?? 'OR',
        topologySpreadConstraints: [],
      }),
      disruptionBudget: fleet.enablePodDisruptionBudget ?? true,
      ...(loadBalancer ? {
        loadBalancer: {
          sourceRanges: lb.allowedSourceRanges ?? ['127.0.0.1/32'],
          externalTrafficPolicy: lb.externalTrafficPolicy ?? fleet.externalTrafficPolicy ?? ExternalTrafficPolicy.CLUSTER,
        },
      } : {}),
      ...(nodePort ? { nodePort } : {}),
    };
  };
  return {
    ...(c.settings.master ? { master: make(true) } : {}),
    ...(c.settings.replica ? { replica: make(false) } : {}),
  };
}
