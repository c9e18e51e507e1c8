import { ApiObjectMetadata, Chart, Size } from 'cdk8s';
import { k8s, PodManagementPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { createDatabaseServices } from '../resolve/services';
import { Endpoint } from './endpoint';
import { FleetDefaults, FleetDefaultsProps } from './fleet-defaults';
import { PostgresClusterProps, SpiloUpdateStrategy } from './postgres-cluster-props';
import { PostgresVersion } from './postgres-version';
import { assertBooleanProps } from '../resolve/boolean-props';
import { resolvePodPolicy } from '../resolve/pod-policy';
import { rolloutJob } from '../render/rollout';
import { assertStrictPolicy } from '../resolve/strict-policy';
import { pgdataVolumeMount, spiloImage, spiloPodTemplate } from '../resolve/spilo-pod';
import { applyBackupPlan, backupPlan } from '../resolve/backup-plan';
import { PostgresMonitoring } from '../monitoring/postgres-monitoring';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { ClusterFacts } from '../monitoring/private/cluster-facts';
import { assertMonitoringOptions } from '../resolve/monitoring';
import { ConnectionPooler } from '../pooler/connection-pooler';
import { ClusterPoolers, createConnectionPoolers } from '../resolve/poolers';
import { poolerSettings } from '../resolve/pooler-settings';
import { declareExternal } from '../private/external';
import { typedKubeObject } from '../private/kube-object';
import { CRITICAL_OPERATION_LABEL, GITOPS_TRACKING_LABELS, jobPodLabels, objectLabels, selectorLabels } from '../private/labels';
import { MAX_CLUSTER_NAME_LENGTH, names } from '../private/names';
import { sizeBytes, sizeQuantity } from '../private/quantity';
import {
  assertAnnotationKeys, assertDns1123Label, assertDns1123Subdomain, assertInteger, assertLabels,
  assertOneOf, assertSelectorExpressions, DNS1035_LABEL, fail, failConflict, SYSTEM_NAMESPACE, USER_NAME, withContext,
} from '../private/validation';
import { PatroniRbac } from '../rbac/patroni-rbac';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';
import { podContainers } from '../resolve/sidecars';
import { PodContainers } from '../resolve/sidecar-set';
import { ClusterUsers } from '../users/cluster-users';
import { DatabaseUserSecret } from '../users/credentials';

const SUPERUSER = 'postgres';


/** Upper bound of `instances` and the fleet's bounds (members of one Patroni cluster). */
const MAX_INSTANCES = 100;
/**
 * A Spilo/Patroni PostgreSQL cluster: what the Zalando operator creates for a `postgresql`
 * resource, rendered at synth time.
 *
 * Objects: StatefulSet `<c>`, Services `<c>` (primary) and `<c>-repl`, PodDisruptionBudgets
 * `postgres-<c>-pdb` and `postgres-<c>-critical-op-pdb`, and a ServiceAccount, Role and
 * RoleBinding `<c>-postgres-pod`.
 */
export class PostgresCluster extends Construct {
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
  private readonly _users: ClusterUsers;
  private readonly _pod: PodContainers;
  private _ownSidecars = 0;
  private _ownInitContainers = 0;
  private _monitoring?: PostgresMonitoring;
  /** @internal */
  public readonly _facts: ClusterFacts;

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    const fleet: FleetDefaultsProps = (props.fleet ?? new FleetDefaults()).settings;
    const built = withContext(this.node.path, () => this.build(props, fleet, id));
    this.clusterName = built.name;
    this.namespace = built.namespace;
    this.teamId = props.teamId;
    this.instances = built.instances;
    this.version = built.version;
    this.selectorLabels = built.selector;
    this.statefulSet = built.statefulSet;
    this.primaryService = built.services.primary;
    this.replicaService = built.services.replica;
    this.podDisruptionBudget = built.pdb;
    this.criticalOperationPodDisruptionBudget = built.criticalPdb;
    this.serviceAccount = built.rbac.serviceAccount;
    this.logicalBackupCronJob = built.logicalBackup;
    this._users = built.users;
    this._pod = built.pod;
    this._ownSidecars = props.sidecars?.length ?? 0;
    this._ownInitContainers = props.initContainers?.length ?? 0;
    this._facts = { labels: built.labels, clusterNameLabel: built.clusterNameLabel, archiving: built.archiving };
    const monitoring = props.monitoring ?? fleet.monitoring;
    // Checked here first when the fleet's, so that an error names fleet.monitoring.
    if (!props.monitoring && fleet.monitoring) withContext(this.node.path, () => assertMonitoringOptions('fleet.monitoring', fleet.monitoring!));
    if (monitoring) this.enableMonitoring(monitoring);
    this.connectionPooler = built.poolers.master;
    this.replicaConnectionPooler = built.poolers.replica;
    this.poolerEndpoint = built.poolers.master?.endpoint;
    this.replicaPoolerEndpoint = built.poolers.replica?.endpoint;
    const host = (svc: string) => (built.namespace ? `${svc}.${built.namespace}.svc` : svc);
    this.primaryEndpoint = new Endpoint(host(names.primaryService(built.name)), 5432);
    this.replicaEndpoint = new Endpoint(host(names.replicaService(built.name)), 5432);
  }

  private build(props: PostgresClusterProps, fleet: FleetDefaultsProps, id: string) {
    const name = props.name ?? id;
    if (name.length > MAX_CLUSTER_NAME_LENGTH || !DNS1035_LABEL.test(name)) {
      fail('name', name, `a DNS-1035 label of at most ${MAX_CLUSTER_NAME_LENGTH} characters (lower-case letters, digits and -, starting with a letter) so that <name>-pooler-repl and pod names stay valid`);
    }
    const namespace = props.namespace ?? Chart.of(this).namespace;
    assertDns1123Label('namespace', namespace);
    if (typeof props.teamId !== 'string' || props.teamId === '') fail('teamId', props.teamId, 'a non-empty team id');
    assertLabels('teamId', { team: props.teamId });

    const clusterLabels = fleet.clusterLabels ?? { application: 'spilo' };
    assertLabels('fleet.clusterLabels', clusterLabels);
    for (const key of Object.keys(clusterLabels)) {
      if (GITOPS_TRACKING_LABELS.includes(key)) fail('fleet.clusterLabels', key, `no GitOps tracking label (${GITOPS_TRACKING_LABELS.join(', ')}): Patroni copies these labels onto the ConfigMaps it creates`);
    }
    const keys = { clusterLabels, clusterNameLabel: fleet.clusterNameLabel ?? 'cluster-name', podRoleLabel: fleet.podRoleLabel ?? 'spilo-role' };
    assertLabels('fleet.clusterNameLabel', { [keys.clusterNameLabel]: name });
    // Patroni stamps the scope label on its ConfigMaps next to KUBERNETES_LABELS.
    if (GITOPS_TRACKING_LABELS.includes(keys.clusterNameLabel)) {
      fail('fleet.clusterNameLabel', keys.clusterNameLabel, `no GitOps tracking label (${GITOPS_TRACKING_LABELS.join(', ')}): Patroni copies it onto the ConfigMaps it creates`);
    }
    assertLabels('fleet.podRoleLabel', { [keys.podRoleLabel]: 'master' });
    const extraLabels = { ...fleet.labels, ...props.labels };
    assertLabels('fleet.labels', fleet.labels);
    assertLabels('labels', props.labels);
    // Labels the selectors, Patroni or the Services rely on: a pod labelled spilo-role=master by git would join the
    // primary Service before Patroni relabels it.
    const libraryLabels = [keys.podRoleLabel, keys.clusterNameLabel, ...Object.keys(clusterLabels), 'team'];
    for (const key of Object.keys(extraLabels).filter(k => libraryLabels.includes(k))) {
      fail(props.labels && key in props.labels ? 'labels' : 'fleet.labels', key, `a label the library does not set itself (not ${libraryLabels.join(', ')})`);
    }
    const annotations = { ...fleet.annotations, ...props.annotations };
    assertAnnotationKeys('fleet.annotations', fleet.annotations);
    assertAnnotationKeys('annotations', props.annotations);
    const selector = selectorLabels(keys, name);
    const labels = objectLabels(keys, name, props.teamId, extraLabels);
    const metadata = (objectName: string, extra: ApiObjectMetadata = {}): ApiObjectMetadata => ({
      name: objectName, namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}), ...extra,
    });

    const instances = this.clampInstances(props.instances ?? 1, fleet);
    const version = props.version ?? PostgresVersion.V18;
    const replicationUsername = fleet.replicationUsername ?? 'standby';
    if (!USER_NAME.test(replicationUsername) || replicationUsername.length > 63 || replicationUsername === SUPERUSER) {
      fail('fleet.replicationUsername', replicationUsername, `a user name other than ${SUPERUSER} (lower-case letters, digits, - and _, at most 63 characters, as the operator's user names)`);
    }
    const backup = backupPlan({ cluster: name, namespace, version: version.major, replicationUsername, props, fleet });
    const rbac = new PatroniRbac(this, 'Rbac', { cluster: name, instances, metadata: metadata(name) });
    for (const [key, value] of Object.entries(backup.serviceAccountAnnotations)) rbac.serviceAccount.metadata.addAnnotation(key, value);
    const logicalBackup = applyBackupPlan(this, backup, { labels, selector, annotations, keys });
    const services = createDatabaseServices(this, { name, namespace, labels, annotations, selector, podRoleLabel: keys.podRoleLabel, fleet, props });
    const pdbEnabled = fleet.enablePodDisruptionBudget ?? true;
    // Typed classes (public fields) that render as plain ApiObjects: the same manifests, rendered faster.
    const pdb = typedKubeObject(k8s.KubePodDisruptionBudget, this, 'PodDisruptionBudget', metadata(names.podDisruptionBudget(name)), {
      // Deviation: the operator's primary-only budget blocks drains until an operator moves the primary.
      // Members in a critical operation are left to the other budget: the Eviction API answers 500, not 429,
      // for a pod that two budgets select, and drains stop instead of retrying.
      spec: {
        maxUnavailable: pdbEnabled ? 1 : Math.max(instances, 1),
        // NotIn also selects members without the label: every member is in exactly one of the two budgets.
        selector: { matchLabels: selector, matchExpressions: [{ key: CRITICAL_OPERATION_LABEL, operator: 'NotIn', values: ['true'] }] },
        // A member that is not Ready serves nobody; it must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
    const criticalPdb = typedKubeObject(k8s.KubePodDisruptionBudget, this, 'CriticalOperationPodDisruptionBudget',
      metadata(names.criticalOperationPdb(name)), {
        // The operator relaxes it when budgets are disabled or the cluster has no members.
        spec: {
          maxUnavailable: pdbEnabled && instances > 0 ? 0 : '100%',
          selector: { matchLabels: { ...selector, [CRITICAL_OPERATION_LABEL]: 'true' } },
          // Spelled out: a member being bootstrapped is not Ready by definition, and must stay protected. A relaxed
          // budget needs no healthy member, and IfHealthyBudget would still refuse an unready one (429).
          unhealthyPodEvictionPolicy: pdbEnabled && instances > 0 ? 'IfHealthyBudget' : 'AlwaysAllow',
        },
      });

    declareExternal(this, 'Secret', namespace, names.credentialsSecret(SUPERUSER, name));
    declareExternal(this, 'Secret', namespace, names.credentialsSecret(replicationUsername, name));

    assertBooleanProps(props, fleet);
    const policy = resolvePodPolicy(props, fleet);
    assertStrictPolicy(props, fleet);
    const pod = podContainers(this, props, fleet, {
      cluster: name, namespace, labels, superuser: SUPERUSER, pgdataMount: pgdataVolumeMount(props), policy,
    });
    assertOneOf('podManagementPolicy', props.podManagementPolicy, Object.values(PodManagementPolicy));
    assertOneOf('fleet.podManagementPolicy', fleet.podManagementPolicy, Object.values(PodManagementPolicy));
    assertOneOf('updateStrategy', props.updateStrategy, Object.values(SpiloUpdateStrategy));
    const updateStrategy = props.updateStrategy
      ?? (instances > 1 ? SpiloUpdateStrategy.SWITCHOVER_ONCE : SpiloUpdateStrategy.ROLLING_UPDATE);
    const statefulSet = typedKubeObject(k8s.KubeStatefulSet, this, 'Resource', metadata(names.statefulSet(name)), {
      spec: {
        replicas: instances,
        selector: { matchLabels: selector },
        serviceName: names.primaryService(name),
        podManagementPolicy: props.podManagementPolicy ?? fleet.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY,
        updateStrategy: updateStrategy === SpiloUpdateStrategy.ROLLING_UPDATE ? { type: 'RollingUpdate' } : { type: 'OnDelete' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: spiloPodTemplate(this, props, fleet, {
          name,
          namespace,
          labels,
          annotations,
          selector,
          keys,
          instances,
          version,
          replicationUsername,
          serviceAccount: rbac.serviceAccount.name,
          superuser: SUPERUSER,
          policy,
        }, backup, pod),
        volumeClaimTemplates: [k8s.toJson_KubePersistentVolumeClaimProps(this.pgdataClaim(props, fleet, { ...selector, team: props.teamId }))],
      },
    });
    if (updateStrategy === SpiloUpdateStrategy.SWITCHOVER_ONCE) {
      rolloutJob(this, {
        cluster: name,
        namespace,
        instances,
        labels,
        selector,
        annotations,
        statefulSet,
        image: spiloImage(props, fleet),
        podLabels: jobPodLabels(labels, selector, keys.clusterNameLabel, 'spilo-rollout'),
        podRoleLabel: keys.podRoleLabel,
      });
    }
    const pooler = poolerSettings(props, fleet, replicationUsername);
    if (props.standby !== undefined) {
      // A standby is read-only and gets its roles and databases from its source, as under the operator.
      for (const prop of ['users', 'databases', 'preparedDatabases'] as const) {
        if (props[prop] !== undefined) failConflict(`${prop}, standby`, `a standby cluster replays its source's roles and databases; declare ${prop} on the source cluster`);
      }
    }
    const users = new ClusterUsers(this, 'Users', {
      cluster: name,
      namespace,
      image: spiloImage(props, fleet),
      labels,
      selector,
      clusterNameLabel: keys.clusterNameLabel,
      annotations,
      replicationUser: replicationUsername,
      users: props.users,
      databases: props.databases,
      preparedDatabases: props.preparedDatabases,
      credentials: props.credentials,
      userCredentials: props.userCredentials,
      allowedSecretNamespaces: allowedSecretNamespaces(fleet),
      ...(pooler ? { pooler: { user: pooler.user, schema: pooler.schema } } : {}),
    });
    const poolers: ClusterPoolers = pooler
      ? createConnectionPoolers(this, {
        name, namespace, labels, annotations, selector, keys, props, fleet, settings: pooler, secret: users.secrets.get(pooler.user)!,
      })
      : {};
    return {
      name,
      namespace,
      instances,
      version,
      selector,
      statefulSet,
      services,
      pdb,
      criticalPdb,
      rbac,
      users,
      logicalBackup,
      poolers,
      pod,
      labels,
      clusterNameLabel: keys.clusterNameLabel,
      archiving: backup.walPrefix !== undefined,
    };
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
    withContext(this.node.path, () => this._pod.addSidecar(sidecar, `sidecars[${this._ownSidecars++}]`));
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
    return [...this._users.secrets.values()];
  }

  /**
   * The credentials Secret of a LOGIN role, for wiring an application to the database.
   * Throws when the cluster has no such role.
   */
  public userSecret(role: string): DatabaseUserSecret {
    const secret = this._users.secrets.get(role);
    if (!secret) throw new Error(`${this.node.path}: no LOGIN role '${role}'; known: ${[...this._users.secrets.keys()].join(', ')}`);
    return secret;
  }

  private clampInstances(requested: number, fleet: FleetDefaultsProps): number {
    // Patroni clusters of more than a few dozen members do not exist; a bound keeps a typo from writing huge objects.
    assertInteger('instances', requested, 0, MAX_INSTANCES);
    assertInteger('fleet.minInstances', fleet.minInstances, -1, MAX_INSTANCES);
    assertInteger('fleet.maxInstances', fleet.maxInstances, -1, MAX_INSTANCES);
    const min = fleet.minInstances ?? -1;
    const max = fleet.maxInstances ?? -1;
    if (min >= 0 && max >= 0 && min > max) failConflict('fleet.minInstances, fleet.maxInstances', `minInstances (${min}) is greater than maxInstances (${max})`);
    if (min >= 0 && requested < min) return min;
    if (max >= 0 && requested > max) return max;
    return requested;
  }

  private pgdataClaim(props: PostgresClusterProps, fleet: FleetDefaultsProps, labels: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
    const size: Size = props.volume?.size ?? fleet.volumeSize ?? Size.gibibytes(10);
    assertDns1123Subdomain('volume.storageClass', props.volume?.storageClass);
    const bytes = sizeBytes(size);
    if (!Number.isFinite(bytes) || bytes <= 0) fail(props.volume?.size ? 'volume.size' : 'fleet.volumeSize', `${bytes} bytes`, 'a finite, positive size');
    const selector = props.volume?.selector;
    if (selector) {
      assertLabels('volume.selector.matchLabels', selector.matchLabels);
      assertSelectorExpressions('volume.selector.matchExpressions', selector.matchExpressions);
    }
    if (props.volume?.subPathIsExpression && !props.volume.subPath) failConflict('volume.subPathIsExpression', 'needs volume.subPath, the expression');
    return {
      // Only labels that never change: a StatefulSet's claim templates are immutable.
      metadata: { name: 'pgdata', labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
        resources: { requests: { storage: k8s.Quantity.fromString(sizeQuantity(size)) } },
        ...(props.volume?.storageClass ? { storageClassName: props.volume.storageClass } : {}),
        ...(props.volume?.selector ? { selector: props.volume.selector } : {}),
      },
    };
  }
}

function allowedSecretNamespaces(fleet: FleetDefaultsProps): string[] {
  const list = fleet.allowedSecretNamespaces ?? [];
  if (!Array.isArray(list)) fail('fleet.allowedSecretNamespaces', list, 'a list of namespace names');
  list.forEach((ns, i) => {
    assertDns1123Label(`fleet.allowedSecretNamespaces[${i}]`, ns);
    if (SYSTEM_NAMESPACE.test(ns)) fail(`fleet.allowedSecretNamespaces[${i}]`, ns, 'a namespace other than the system namespaces kube-*');
  });
  return [...list];
}
