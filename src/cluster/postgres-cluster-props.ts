import { Duration } from 'cdk8s';
import { k8s, PodManagementPolicy } from 'cdk8s-plus-28';
import { AdditionalVolume } from './additional-volume';
import { FleetDefaults } from './fleet-defaults';
import { LoadBalancerOptions } from './load-balancer';
import { MajorVersionUpgradeOptions } from './major-version-upgrade';
import { NetworkPolicyOptions } from './network-policy-options';
import { NodePortOptions } from './node-port';
import { PodSecurityProfile } from './pod-security-profile';
import { PostgresVersion } from './postgres-version';
import { PostgresResources } from './resources';
import { PodAntiAffinityOptions } from './scheduling';
import { PostgresTls } from './tls';
import { PostgresVolume } from './volume';
import { Backup } from '../backup/backup';
import { CloneSource } from '../backup/clone-source';
import { LogicalBackupOptions } from '../backup/logical-backup-options';
import { StandbySource } from '../backup/standby-source';
import { LogShipping } from '../logging/log-shipping';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { ConnectionPoolerOptions } from '../pooler/connection-pooler-options';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';
import { PatroniOptions } from '../spilo/patroni-options';
import { Credentials } from '../users/credentials';
import { PreparedDatabase } from '../users/prepared-database';
import { UserFlag } from '../users/user-flag';

/** How a changed pod template reaches the members. */
export enum SpiloUpdateStrategy {
  /** Kubernetes replaces members one by one, highest ordinal first, each after the previous is ready. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Members keep running until someone deletes them (the operator's choice; it rolls them itself). */
  ON_DELETE = 'OnDelete',
  /**
   * As the operator rolls: the StatefulSet uses OnDelete and a Job named after the pod template replaces the
   * members through the Eviction API, replicas first (highest ordinal first), then switches over once to an
   * updated replica and replaces the old primary. One switchover per change, wherever the primary is.
   */
  SWITCHOVER_ONCE = 'SwitchoverOnce',
}

/**
 * Properties of a `PostgresCluster`: the static fields of the operator's `postgresql` resource.
 */
export interface PostgresClusterProps {
  /** Team that owns the cluster (`teamId`); rendered as the `team` label. */
  readonly teamId: string;

  /**
   * Cluster name (`metadata.name`): StatefulSet, Services, `SCOPE` and every derived name.
   * Renaming a cluster means a new, empty database. DNS-1035, at most 51 characters.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace of every object of this cluster.
   * @default - the chart's namespace, or none (objects go where they are applied)
   */
  readonly namespace?: string;

  /**
   * Shared fleet defaults (the analogue of OperatorConfiguration).
   * @default - the operator's defaults
   */
  readonly fleet?: FleetDefaults;

  /**
   * Number of members (`numberOfInstances`), clamped by the fleet's min/max instances. An integer from 0 to 100.
   * @default 1
   */
  readonly instances?: number;

  /**
   * PostgreSQL major version (`postgresql.version`), rendered as `PGVERSION`.
   *
   * On a running cluster a change rolls the members (Spilo keeps the data directory's major). A higher version is
   * then an in-place upgrade by the dynamic configuration Job (`majorVersionUpgrade`), with the operator's
   * pre-checks; a lower one is refused (at synth with `majorVersionUpgrade.fromVersion`, else by the Job before it
   * changes anything).
   * @default PostgresVersion.V18
   */
  readonly version?: PostgresVersion;

  /**
   * What raising `version` does to the running cluster, and the major its data directory has (for refusing a
   * downgrade at synth).
   * @default - upgrade in place (the fleet's `majorVersionUpgradeMode`, MANUAL), the data directory's major unknown
   */
  readonly majorVersionUpgrade?: MajorVersionUpgradeOptions;

  /**
   * Spilo image (`dockerImage`).
   * @default - the fleet's image, 'ghcr.io/zalando/spilo-18:4.1-p2'
   */
  readonly image?: string;

  /**
   * The pgdata volume (`volume`).
   * @default - 10Gi from the default StorageClass
   */
  readonly volume?: PostgresVolume;

  /**
   * Requests and limits of the postgres container (`resources`).
   * @default - the fleet's default resources
   */
  readonly resources?: PostgresResources;

  /**
   * PostgreSQL parameters (`postgresql.parameters`). The operator's 20 local parameters go to
   * `postgresql.parameters` of `SPILO_CONFIGURATION`, every other one to `bootstrap.dcs`.
   *
   * On a running cluster: a change of a local parameter rolls the members (one switchover at most); a change of any
   * other one is applied live by the dynamic configuration Job (`PATCH /config`), which restarts the members only
   * when PostgreSQL needs it (replicas first, then one switchover; the primary first when a parameter a replica must
   * not have lower than its primary, such as `max_connections`, goes down). A parameter removed from git goes back
   * to Spilo's default, or is removed from Patroni's configuration when Spilo has none.
   * @default - Spilo's defaults
   */
  readonly parameters?: Record<string, string>;

  /**
   * Patroni settings (`patroni`). On a running cluster, `pgHba` rolls the members, `initdb` only matters when the
   * cluster is created, and every other setting is applied live by the dynamic configuration Job.
   * @default - Spilo's defaults
   */
  readonly patroni?: PatroniOptions;

  /**
   * Whether Patroni's REST API (port 8008) asks for credentials on its unsafe endpoints (`POST /switchover`,
   * `/restart`, `/reinitialize`, `PATCH /config`, ...). The credentials Job generates them into the Secret
   * `<name>-patroni-api` (keys `username`, `password`), the members read them from there at start, and the
   * library's Jobs and preStop hook use them; `GET` endpoints (probes, `/cluster`) stay open. Changing it rolls the
   * members. `false` is the operator's behaviour: anyone reaching port 8008 may switch over or reinitialize.
   * @default true
   */
  readonly patroniApiAuthentication?: boolean;

  /**
   * Extra env vars of the postgres container (`env`), after the ones the library sets.
   * A name the library sets is an error.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];

  /**
   * `envFrom` sources of the postgres container (`envFrom`).
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];

  /**
   * Extra labels on every object and pod of this cluster (never in selectors), over the fleet's. Keys the library
   * sets itself (the fleet's cluster labels, the cluster-name and role labels, `team`) are refused.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Extra annotations on every object of this cluster, over the fleet's.
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * Annotations of the database pods (`podAnnotations`), over the fleet's `podAnnotations`.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;

  /**
   * Annotations of both database Services (`serviceAnnotations`).
   * @default - the fleet's `serviceAnnotations`
   */
  readonly serviceAnnotations?: Record<string, string>;

  /**
   * Annotations of the primary Service only (`masterServiceAnnotations`), over `serviceAnnotations`.
   * @default - none
   */
  readonly masterServiceAnnotations?: Record<string, string>;

  /**
   * Annotations of the replica Service only (`replicaServiceAnnotations`), over `serviceAnnotations`.
   * @default - none
   */
  readonly replicaServiceAnnotations?: Record<string, string>;

  /**
   * Tolerations of the database pods (`tolerations`); replaces the fleet's.
   * @default - the fleet's tolerations
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * Node affinity of the database pods (`nodeAffinity`), merged with the fleet's readiness label.
   * @default - none
   */
  readonly nodeAffinity?: k8s.NodeAffinity;

  /**
   * Topology spread constraints (`topologySpreadConstraints`). A constraint without a
   * `labelSelector` gets the cluster's selector labels, which the operator meant to do.
   * @default - none
   */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];

  /**
   * Pod anti-affinity between members.
   * @default - the fleet's setting (off)
   */
  readonly podAntiAffinity?: PodAntiAffinityOptions;

  /**
   * PriorityClass of the database pods (`podPriorityClassName`).
   * @default - the fleet's `podPriorityClassName`
   */
  readonly priorityClassName?: string;

  /**
   * Scheduler of the database pods (`schedulerName`).
   * @default - the default scheduler
   */
  readonly schedulerName?: string;

  /**
   * How the pods are locked down (see PodSecurityProfile).
   * @default - the fleet's `podSecurityProfile`, else PodSecurityProfile.OPERATOR
   */
  readonly podSecurityProfile?: PodSecurityProfile;

  /**
   * Pod `runAsUser` (`spiloRunAsUser`).
   * @default - the fleet's `runAsUser`
   */
  readonly runAsUser?: number;

  /**
   * Pod `runAsGroup` (`spiloRunAsGroup`).
   * @default - the fleet's `runAsGroup`
   */
  readonly runAsGroup?: number;

  /**
   * Pod `fsGroup` (`spiloFSGroup`).
   * @default - the fleet's `fsGroup`
   */
  readonly fsGroup?: number;

  /**
   * Memory-backed `/dev/shm` (`enableShmVolume`). Unlike the operator, `false` does switch off a
   * fleet-wide `true`.
   * @default - the fleet's `enableShmVolume` (true)
   */
  readonly enableShmVolume?: boolean;

  /**
   * Extra volumes (`additionalVolumes`).
   * @default - none
   */
  readonly additionalVolumes?: AdditionalVolume[];

  /**
   * Init containers of the database pods (`initContainers`), rendered verbatim.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];

  /**
   * Sidecars of the database pods (`sidecars`), after postgres and before the fleet's sidecars.
   * @default - none
   */
  readonly sidecars?: PostgresSidecar[];

  /**
   * PodMonitor and PrometheusRule (prometheus-operator) for this cluster; needs a sidecar with a
   * metrics port, such as `PostgresSidecar.postgresExporter()`.
   * @default - the fleet's `monitoring`; none when unset there
   */
  readonly monitoring?: PostgresMonitoringOptions;

  /**
   * NetworkPolicies of the members, the poolers and the Jobs: on by default; `{ enabled: false }` opts out. Clients
   * are declared here (`clients`) or with `allowFrom()`. Unset fields come from the fleet's `networkPolicies`.
   * @default - the fleet's `networkPolicies`; enabled, with no clients, when unset there
   */
  readonly networkPolicies?: NetworkPolicyOptions;

  /**
   * Liveness probe of the postgres container (`livenessProbe`).
   * @default - none, as the operator; Patroni's `GET /liveness` on port 8008 is a good choice
   */
  readonly livenessProbe?: k8s.Probe;

  /**
   * StatefulSet pod management policy.
   * @default - the fleet's `podManagementPolicy` (OrderedReady)
   */
  readonly podManagementPolicy?: PodManagementPolicy;

  /**
   * How pod template changes reach running members.
   * @default - SpiloUpdateStrategy.SWITCHOVER_ONCE with more than one instance, SpiloUpdateStrategy.ROLLING_UPDATE
   * with one (nothing to switch over to)
   */
  readonly updateStrategy?: SpiloUpdateStrategy;

  /**
   * Grace period for a member to shut down cleanly.
   * @default - the fleet's `podTerminateGracePeriod` (5 minutes)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Load-balancer Services.
   * @default - ClusterIP Services only
   */
  readonly loadBalancer?: LoadBalancerOptions;

  /**
   * NodePort Services; they win over `loadBalancer`, as in the operator.
   * @default - the fleet's `nodePort`, else none
   */
  readonly nodePort?: NodePortOptions;

  // Backups, log shipping, clone and standby (issue 6).

  /**
   * Stable id of the cluster, rendered as the `/<id>` suffix of its WAL, log and logical backup
   * paths (`WAL_BUCKET_SCOPE_SUFFIX`, `LOG_BUCKET_SCOPE_SUFFIX`, `LOGICAL_BACKUP_S3_BUCKET_SCOPE_SUFFIX`).
   * To take over an operator-managed cluster's backups, use the `metadata.uid` of its `postgresql` resource.
   * @default - no suffix
   */
  readonly clusterUid?: string;

  /**
   * Continuous WAL archiving and base backups; replaces the fleet's `backup`.
   * @default - the fleet's `backup`, else none
   */
  readonly backup?: Backup;

  /**
   * Shipping of the PostgreSQL CSV logs to S3; replaces the fleet's `logShipping`.
   * @default - the fleet's `logShipping`, else none
   */
  readonly logShipping?: LogShipping;

  /**
   * Daily pg_dumpall to object storage by a CronJob (`enableLogicalBackup`); unset fields come from
   * the fleet's `logicalBackup`.
   * @default - no logical backup
   */
  readonly logicalBackup?: LogicalBackupOptions;

  /**
   * Bootstrap from another cluster (`clone`). Not together with `standby`.
   * @default - a new, empty cluster
   */
  readonly clone?: CloneSource;

  /**
   * Run as a standby of another cluster (`standby`). Not together with `clone`.
   *
   * Removing it from a running standby promotes it: the members roll (without the STANDBY_* env) and the dynamic
   * configuration Job removes `standby_cluster` from Patroni's configuration. A changed primary (host, port, slot)
   * reaches a running standby through the same Job; a changed WAL archive does not (Spilo builds the restore
   * command when the cluster is created).
   * @default - not a standby
   */
  readonly standby?: StandbySource;

  /**
   * Database roles and their flags (`users`). LOGIN is added unless NOLOGIN is given; each LOGIN
   * role gets a credentials Secret. A name `ns.name` is a cross-namespace user: its Secret lives in
   * namespace `ns` (and a copy in the cluster's namespace for the sync Job). Every role is granted
   * to `admin` with ADMIN OPTION, as the operator does.
   * @default - no roles besides the system users
   */
  readonly users?: Record<string, UserFlag[]>;

  /**
   * Databases and their owners (`databases`); the owner must be a role of `users` or a prepared role.
   * @default - none
   */
  readonly databases?: Record<string, string>;

  /**
   * Databases with the operator's role and schema conventions (`preparedDatabases`). An empty record
   * (`{}`) means one database named after the cluster (`-` becomes `_`).
   * @default - none
   */
  readonly preparedDatabases?: Record<string, PreparedDatabase>;

  /**
   * Where credentials Secrets come from. No password is ever synthesized.
   * @default Credentials.generated() - an in-cluster Job creates missing Secrets and never overwrites one
   */
  readonly credentials?: Credentials;

  /**
   * Per-role override of `credentials`, e.g. `Credentials.fromSecret('app-db')` for one user.
   * @default - every role uses `credentials`
   */
  readonly userCredentials?: Record<string, Credentials>;

  /**
   * Rotates passwords on demand, in place: LOGIN role name to a label of your choice (a date, a ticket number).
   * Whenever a role's label changes, its password changes once: for `Credentials.generated()` the credentials Job
   * writes a new random password into the role's Secret(s) (the label is kept in the Secret's annotation
   * `cdk8s-postgres/password-rotation`); for Secrets someone else maintains (External Secrets, your own), update the
   * Secret first, the label then only makes the sync run. The sync Job then sets the new password (it changes a
   * password only when the Secret's no longer verifies), and for the pooler's role the pooler pods restart to read it.
   * Open sessions stay; new logins need the new password: applications that read the Secret through env must
   * restart (for example with Stakater Reloader), a mounted Secret file is updated by the kubelet within about a
   * minute; logins through the pooler use the new password as soon as the sync has run. The superuser and the
   * replication user are refused: Patroni and every member read them at start, so rotating them is a maintenance step.
   * @default - no rotation
   */
  readonly passwordRotation?: Record<string, string>;

  /**
   * TLS with a certificate of your own or from cert-manager (the operator's `tls`); without it Spilo serves a
   * self-signed certificate (encrypted, not verifiable).
   * @default - Spilo's self-signed certificate
   */
  readonly tls?: PostgresTls;

  /**
   * The operator's PgBouncer connection pooler (`connectionPooler`, `enableConnectionPooler`,
   * `enableReplicaConnectionPooler`): Deployment, Service and disruption budget `<c>-pooler` in front
   * of the primary and, with `replica: true`, `<c>-pooler-repl` in front of the replicas. The pooler
   * role, its credentials Secret and its lookup function come from the credentials and sync Jobs.
   * Unset fields come from the fleet's `connectionPooler`.
   * @default - no pooler
   */
  readonly connectionPooler?: ConnectionPoolerOptions;
}
