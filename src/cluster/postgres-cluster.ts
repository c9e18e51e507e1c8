import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ConnectOptions, EndpointOptions } from './connect-options';
import { Endpoint } from './endpoint';
import { FleetDefaults, FleetDefaultsProps } from './fleet-defaults';
import { PostgresClusterProps } from './postgres-cluster-props';
import { IPostgresCluster } from './postgres-cluster-ref';
import { PostgresVersion } from './postgres-version';
import { TlsCertificateAuthority } from './tls';
import { ClusterIdentity, ResolvedCluster } from '../model/resolved-cluster';
import { PostgresMonitoring } from '../monitoring/postgres-monitoring';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { ConnectionPooler, PoolerRole } from '../pooler/connection-pooler';
import { clientConnection, ClusterConnectionFacts } from '../private/client-connection';
import { plusWorkload, wireClient, workloadNamespace } from '../private/client-wiring';
import { recordClusterFacts } from '../private/cluster-facts';
import { declareExternal } from '../private/external';
import { jobPodLabels } from '../private/labels';
import { names } from '../private/names';
import { withContext } from '../private/validation';
import { PatroniRbac } from '../rbac/patroni-rbac';
import { renderBackupReferences } from '../render/backup';
import { renderCertificate } from '../render/certificate';
import { renderCredentials } from '../render/credentials';
import { renderDisruptionBudgets } from '../render/disruption-budgets';
import { renderDynamicConfigurationJob } from '../render/dynamic-configuration-job';
import { renderLogShipping } from '../render/log-shipping';
import { renderLogicalBackup } from '../render/logical-backup';
import { renderMemberClaims } from '../render/member-claims';
import { rolloutJob } from '../render/rollout';
import { renderServices } from '../render/services';
import { removeSidecarObjects, renderSidecarObjects } from '../render/sidecars';
import { renderSpiloConfiguration } from '../render/spilo-configuration';
import { renderSpiloStatefulSet } from '../render/spilo-statefulset';
import { renderSync } from '../render/sync';
import { resolveCluster } from '../resolve/resolve-cluster';
import { SidecarSet } from '../resolve/sidecar-set';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';
import { DatabaseUserSecret } from '../users/credentials';

/**
 * A Spilo/Patroni PostgreSQL cluster: what the Zalando operator creates for a `postgresql`
 * resource, rendered at synth time.
 *
 * Objects: StatefulSet `<c>`, Services `<c>` (primary) and `<c>-repl`, PodDisruptionBudgets
 * `postgres-<c>-pdb` and `postgres-<c>-critical-op-pdb`, and a ServiceAccount, Role and
 * RoleBinding `<c>-postgres-pod`.
 */
export class PostgresCluster extends Construct implements IPostgresCluster {
  /** Cluster name (`SCOPE`). */
  public readonly clusterName: string;
  /** Namespace of the cluster's objects, if known at synth time. */
  public readonly namespace?: string;
  /** Owning team. */
  public readonly teamId: string;
  /** Number of members after the fleet's clamps. */
  public readonly instances: number;
  /** PostgreSQL major version. */
  public readonly version: PostgresVersion;
  /** Labels that select this cluster's pods (cluster labels plus the cluster-name label). */
  public readonly selectorLabels: Record<string, string>;
  /** The Spilo StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** Primary Service `<c>`. */
  public readonly primaryService: k8s.KubeService;
  /** Replica Service `<c>-repl`. */
  public readonly replicaService: k8s.KubeService;
  /** Disruption budget over all members: one may go at a time. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** Disruption budget protecting members during critical operations (bootstrap, upgrade). */
  public readonly criticalOperationPodDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** ServiceAccount of the database pods. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Read-write endpoint (the primary Service). */
  public readonly primaryEndpoint: Endpoint;
  /** Read-only endpoint (the replica Service). */
  public readonly replicaEndpoint: Endpoint;
  /** The logical backup CronJob `logical-backup-<c>`, when `logicalBackup` is set. */
  public readonly logicalBackupCronJob?: k8s.KubeCronJob;
  /** The pooler `<c>-pooler` in front of the primary, when `connectionPooler` enables it. */
  public readonly connectionPooler?: ConnectionPooler;
  /** The pooler `<c>-pooler-repl` in front of the replicas, when `connectionPooler.replica` is set. */
  public readonly replicaConnectionPooler?: ConnectionPooler;
  /** Read-write endpoint through the pooler (`<c>-pooler`), when there is one. */
  public readonly poolerEndpoint?: Endpoint;
  /** Read-only endpoint through the replica pooler (`<c>-pooler-repl`), when there is one. */
  public readonly replicaPoolerEndpoint?: Endpoint;
  /** The cert-manager Certificate `<c>`, when `tls.certManager` is set. */
  public readonly certificate?: ApiObject;
  /**
   * Where clients find the CA to verify the server with (`sslmode=verify-full`): `tls.caFile` in its Secret, or
   * `ca.crt` of the Secret cert-manager writes (CA and self-signed issuers put it there).
   */
  public readonly certificateAuthority?: TlsCertificateAuthority;
  private readonly _identity: ClusterIdentity;
  private readonly _secrets: ReadonlyMap<string, DatabaseUserSecret>;
  private readonly _pod: SidecarSet;
  private readonly _connection: ClusterConnectionFacts;
  private _ownSidecars = 0;
  private _ownInitContainers = 0;
  private _monitoring?: PostgresMonitoring;

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    const fleet: FleetDefaultsProps = (props.fleet ?? new FleetDefaults()).settings;
    // Stage 1: everything the props and the fleet say, merged and checked once.
    const c = withContext(this.node.path, () => resolveCluster({ props, fleet, id, chartNamespace: Chart.of(this).namespace }));
    // Stage 2: each feature's objects from the resolved cluster, in the order the manifests list them.
    const rbac = new PatroniRbac(this, 'Rbac', { cluster: c.name, instances: c.instances, metadata: metadata(c) });
    for (const [key, value] of Object.entries(c.backup.serviceAccountAnnotations)) rbac.serviceAccount.metadata.addAnnotation(key, value);
    renderBackupReferences(this, c, c.backup);
    renderLogShipping(this, c, c.backup);
    this.logicalBackupCronJob = c.logicalBackup && renderLogicalBackup(new Construct(this, 'LogicalBackup'), c.namespace, c.logicalBackup);
    const services = renderServices(this, c, c.services);
    const budgets = renderDisruptionBudgets(this, c, c.instances, c.disruptionBudgets);
    declareExternal(this, 'Secret', c.namespace, names.credentialsSecret(c.superuser, c.name));
    declareExternal(this, 'Secret', c.namespace, names.credentialsSecret(c.replicationUsername, c.name));
    for (const s of c.sidecars.sidecars) renderSidecarObjects(this, c, s);
    this.certificate = renderCertificate(this, c);
    renderSpiloConfiguration(this, c, c.pod);
    renderMemberClaims(this, c);
    this.statefulSet = renderSpiloStatefulSet(this, c);
    if (c.switchoverRollout) this.renderRollout(c);
    renderDynamicConfigurationJob(this, c);
    renderCredentials(this, 'Users', c, c.image, c.users);
    renderSync(this, 'Users', c, c.image, c.superuser, c.users, c.jobSslMode);
    this.connectionPooler = c.poolers.master && ConnectionPooler._create(this, 'ConnectionPooler', PoolerRole.MASTER, c.poolers.master);
    this.replicaConnectionPooler = c.poolers.replica && ConnectionPooler._create(this, 'ReplicaConnectionPooler', PoolerRole.REPLICA, c.poolers.replica);

    this.clusterName = c.name;
    this.namespace = c.namespace;
    this.teamId = c.teamId;
    this.instances = c.instances;
    this.version = c.version;
    this.selectorLabels = c.selector;
    this.primaryService = services.primary;
    this.replicaService = services.replica;
    this.podDisruptionBudget = budgets.main;
    this.criticalOperationPodDisruptionBudget = budgets.critical;
    this.serviceAccount = rbac.serviceAccount;
    this._identity = c;
    this._secrets = c.users.secrets;
    this._connection = {
      cluster: c.name,
      namespace: c.namespace,
      databases: c.users.model.databases.map(d => ({ name: d.name, owner: d.owner })),
      secrets: c.users.secrets,
      certificateAuthority: c.tls?.certificateAuthority,
      plainSslMode: c.jobSslMode,
    };
    this._pod = c.sidecars as SidecarSet;
    this._ownSidecars = props.sidecars?.length ?? 0;
    this._ownInitContainers = props.initContainers?.length ?? 0;
    recordClusterFacts(this, { labels: c.labels, clusterNameLabel: c.keys.clusterNameLabel, archiving: c.backup.walPrefix !== undefined });
    if (c.monitoring) this.enableMonitoring(c.monitoring);
    this.certificateAuthority = c.tls?.certificateAuthority;
    this.poolerEndpoint = this.connectionPooler?.endpoint;
    this.replicaPoolerEndpoint = this.replicaConnectionPooler?.endpoint;
    const host = (svc: string) => (c.namespace ? `${svc}.${c.namespace}.svc` : svc);
    this.primaryEndpoint = new Endpoint(host(names.primaryService(c.name)), 5432);
    this.replicaEndpoint = new Endpoint(host(names.replicaService(c.name)), 5432);
  }

  private renderRollout(c: ResolvedCluster): void {
    rolloutJob(this, {
      cluster: c.name,
      namespace: c.namespace,
      instances: c.instances,
      labels: c.labels,
      selector: c.selector,
      annotations: c.annotations,
      statefulSet: this.statefulSet,
      image: c.image,
      podLabels: jobPodLabels(c.labels, c.selector, c.keys.clusterNameLabel, 'spilo-rollout'),
      podRoleLabel: c.keys.podRoleLabel,
      ...(c.patroniApiSecret ? { patroniApiSecret: c.patroniApiSecret } : {}),
    });
  }

  /** Sidecars of the database pods in pod order: the cluster's own (props, then `addSidecar`), then the fleet's. */
  public get sidecars(): PostgresSidecar[] {
    return this._pod.sidecars.map(s => s.sidecar);
  }

  /**
   * Adds a sidecar to the database pods, after the cluster's other sidecars and before the fleet's;
   * a fleet sidecar of the same name is dropped, as the operator does.
   */
  public addSidecar(sidecar: PostgresSidecar): void {
    const change = withContext(this.node.path, () => this._pod.addSidecar(sidecar, `sidecars[${this._ownSidecars++}]`));
    if (change.dropped) removeSidecarObjects(this, this._identity, change.dropped);
    if (change.added) renderSidecarObjects(this, this._identity, change.added);
  }

  /** Adds an init container (rendered verbatim, as the operator's `initContainers`) after the cluster's others. */
  public addInitContainer(container: k8s.Container): void {
    withContext(this.node.path, () => this._pod.addInitContainer(container, `initContainers[${this._ownInitContainers++}]`));
  }

  /**
   * Emits a PodMonitor for the exporter sidecar and a PrometheusRule with the cluster's alerts
   * (prometheus-operator). Once per cluster.
   */
  public enableMonitoring(options: PostgresMonitoringOptions = {}): PostgresMonitoring {
    if (this._monitoring) throw new Error(`${this.node.path}: monitoring is already enabled`);
    this._monitoring = new PostgresMonitoring(this, 'Monitoring', { ...options, cluster: this });
    return this._monitoring;
  }

  /** The monitoring objects, when monitoring is enabled. */
  public get monitoring(): PostgresMonitoring | undefined {
    return this._monitoring;
  }

  /** Credentials Secrets of every LOGIN role (system users `postgres` and the replication user first). */
  public get userSecrets(): DatabaseUserSecret[] {
    return [...this._secrets.values()];
  }

  /**
   * The endpoint of one of the cluster's Services: the primary (default), the replicas, or a connection pooler.
   * Throws, naming the prop to set, when that pooler is not configured.
   */
  public endpoint(options: EndpointOptions = {}): Endpoint {
    const pooler = options.pooler ? (options.replica ? this.replicaPoolerEndpoint : this.poolerEndpoint) : undefined;
    if (options.pooler && !pooler) {
      throw new Error(`${this.node.path}: no ${options.replica ? 'replica ' : ''}connection pooler; set `
        + `connectionPooler${options.replica ? ': { replica: true }' : ''} to connect through one`);
    }
    return pooler ?? (options.replica ? this.replicaEndpoint : this.primaryEndpoint);
  }

  /**
   * Wires a cdk8s-plus workload (Deployment, StatefulSet, Job, CronJob, ...; any cdk8s-plus line) to the cluster:
   * its containers get `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER` and `PGPASSWORD` (from the user's Secret),
   * `PGSSLMODE`, and with a CA `PGSSLROOTCERT` and the CA mounted. The user's Secret must be in the workload's
   * namespace: a workload in another namespace connects as a cross-namespace user. Returns the endpoint it uses.
   */
  public connect(workload: IConstruct, options: ConnectOptions): Endpoint {
    const prop = `${this.node.path}: connect(${workload?.node?.path ?? workload})`;
    const plus = plusWorkload(workload, prop);
    const endpoint = this.endpoint(options);
    const wiring = withContext(prop, () => clientConnection(this._connection, endpoint, workloadNamespace(workload), options, 'options'));
    wireClient(plus, { ...wiring, prop, scope: this });
    return endpoint;
  }

  /**
   * The credentials Secret of a LOGIN role, for wiring an application to the database.
   * Throws when the cluster has no such role.
   */
  public userSecret(role: string): DatabaseUserSecret {
    const secret = this._secrets.get(role);
    if (!secret) throw new Error(`${this.node.path}: no LOGIN role '${role}'; known: ${[...this._secrets.keys()].join(', ')}`);
    return secret;
  }
}

/** Metadata of the cluster's own objects; the name is the renderer's. */
function metadata(c: ResolvedCluster) {
  return { namespace: c.namespace, labels: c.labels, ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}) };
}
