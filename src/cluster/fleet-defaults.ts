import { Duration, Size } from 'cdk8s';
import { k8s, PodManagementPolicy } from 'cdk8s-plus-28';
import { ExternalTrafficPolicy } from './load-balancer';
import { MajorVersionUpgradeMode } from './major-version-upgrade';
import { NetworkPolicyOptions } from './network-policy-options';
import { NodePortDefaults } from './node-port';
import { PodSecurityProfile } from './pod-security-profile';
import { PostgresResources, ResourceThresholds } from './resources';
import { PodAntiAffinityOptions } from './scheduling';
import { Backup } from '../backup/backup';
import { LogicalBackupDefaults } from '../backup/logical-backup-options';
import { LogShipping } from '../logging/log-shipping';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { ConnectionPoolerDefaults } from '../pooler/connection-pooler-options';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

/** How `node_readiness_label` terms combine with a cluster's own node affinity. */
export enum NodeReadinessLabelMerge {
  /** Add the readiness label as an extra nodeSelectorTerm (either matches). */
  OR = 'OR',
  /** Append the readiness label to every nodeSelectorTerm (both must match). */
  AND = 'AND',
}

/** The container image tag the operator currently defaults to (OperatorConfiguration `docker_image`). */
export const DEFAULT_SPILO_IMAGE = 'ghcr.io/zalando/spilo-18:4.1-p2';

/**
 * Fleet-wide defaults: the part of the operator's OperatorConfiguration that shapes a cluster's
 * objects. Share one instance between many clusters; each cluster may override any value.
 */
export interface FleetDefaultsProps {
  /**
   * Spilo image (`docker_image`).
   * @default 'ghcr.io/zalando/spilo-18:4.1-p2'
   */
  readonly image?: string;
  /**
   * Base labels of every cluster (`cluster_labels`); part of every selector and of `KUBERNETES_LABELS`,
   * so they must never change and must not contain a GitOps tracking label.
   * @default { application: 'spilo' }
   */
  readonly clusterLabels?: Record<string, string>;
  /**
   * Label key that carries the cluster name (`cluster_name_label`).
   * @default 'cluster-name'
   */
  readonly clusterNameLabel?: string;
  /**
   * Label key Patroni sets to `master` or `replica` (`pod_role_label`).
   * @default 'spilo-role'
   */
  readonly podRoleLabel?: string;
  /**
   * Extra labels on every object and pod of every cluster, never in selectors
   * (the analogue of `inherited_labels`). Keys the library sets itself are refused.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra annotations on every object of every cluster (the analogue of `inherited_annotations`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Default requests and limits of the postgres container (`default_cpu_request` and friends).
   * @default - 100m / 100Mi requests, 1 CPU / 500Mi limits (the operator's shipped configuration)
   */
  readonly resources?: PostgresResources;
  /**
   * Resource thresholds (`min_cpu_limit`, `min_memory_limit`, `max_cpu_request`,
   * `max_memory_request`, `set_memory_request_to_limit`).
   * @default - none
   */
  readonly resourceThresholds?: ResourceThresholds;
  /**
   * Fewest instances a cluster may have (`min_instances`); -1 for no minimum, else an integer up to 100.
   * @default -1
   */
  readonly minInstances?: number;
  /**
   * Most instances a cluster may have (`max_instances`); -1 for no maximum, else an integer up to 100.
   * @default -1
   */
  readonly maxInstances?: number;
  /**
   * Pod anti-affinity between members (`enable_pod_antiaffinity` and its options).
   * @default - no anti-affinity
   */
  readonly podAntiAffinity?: PodAntiAffinityOptions;
  /**
   * Default tolerations (`toleration`); a cluster's own list replaces them.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node label every member must be scheduled on (`node_readiness_label`).
   * @default - none
   */
  readonly nodeReadinessLabel?: Record<string, string>;
  /**
   * How the readiness label combines with a cluster's node affinity (`node_readiness_label_merge`).
   * @default NodeReadinessLabelMerge.OR
   */
  readonly nodeReadinessLabelMerge?: NodeReadinessLabelMerge;
  /**
   * ConfigMap whose keys become env vars of every postgres container (`pod_environment_configmap`),
   * referenced through `envFrom` rather than copied.
   * @default - none
   */
  readonly podEnvironmentConfigMap?: string;
  /**
   * Secret whose keys become env vars of every postgres container (`pod_environment_secret`),
   * referenced through `envFrom`; wins over the ConfigMap.
   * @default - none
   */
  readonly podEnvironmentSecret?: string;
  /**
   * Create the disruption budgets (`enable_pod_disruption_budget`); when false they are
   * rendered relaxed (nothing protected), as the operator does.
   * @default true
   */
  readonly enablePodDisruptionBudget?: boolean;
  /**
   * Grace period for a member to shut down cleanly (`pod_terminate_grace_period`).
   * @default Duration.minutes(5)
   */
  readonly podTerminateGracePeriod?: Duration;
  /**
   * PriorityClass of the database pods (`pod_priority_class_name`).
   * @default - none
   */
  readonly podPriorityClassName?: string;
  /**
   * Memory-backed `/dev/shm` volume (`enable_shm_volume`).
   * @default true
   */
  readonly enableShmVolume?: boolean;
  /**
   * Readiness probe `GET /readiness` on Patroni's port (`enable_readiness_probe`). On by default
   * here because a RollingUpdate only waits for members that report ready.
   * @default true
   */
  readonly enableReadinessProbe?: boolean;
  /**
   * Patroni failsafe mode (`enable_patroni_failsafe_mode`).
   * @default false
   */
  readonly enablePatroniFailsafeMode?: boolean;
  /**
   * `PAM_OAUTH2` value (`pam_configuration`): the OAuth2 token-info endpoint for PAM logins of human users, for
   * example `https://auth.example.org/oauth2/tokeninfo?access_token= uid realm=/employees`. Deviation: the
   * operator's default is Zalando's own endpoint; here PAM is off unless the fleet sets it.
   * @default - no PAM_OAUTH2 (PAM logins fail)
   */
  readonly pamConfiguration?: string;
  /**
   * `HUMAN_ROLE`, the NOLOGIN role Spilo creates for human users (`pam_role_name`).
   * @default - not rendered: Spilo's own default, `zalandos`
   */
  readonly pamRoleName?: string;
  /**
   * Pod `runAsUser` (`spilo_runasuser`).
   * @default - unset (Spilo starts as root and drops to postgres)
   */
  readonly runAsUser?: number;
  /**
   * Pod `runAsGroup` (`spilo_runasgroup`).
   * @default - unset
   */
  readonly runAsGroup?: number;
  /**
   * Pod `fsGroup` (`spilo_fsgroup`); needed for TLS keys mounted with mode 0640.
   * @default - unset
   */
  readonly fsGroup?: number;
  /**
   * Run the postgres container privileged (`spilo_privileged`).
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * `allowPrivilegeEscalation` of the postgres container (`spilo_allow_privilege_escalation`). Not used by pods
   * under PodSecurityProfile.RESTRICTED, which never allow it: a team may opt a cluster in without changing the fleet.
   * @default true
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Linux capabilities added to the postgres container (`additional_pod_capabilities`).
   * @default - none
   */
  readonly additionalPodCapabilities?: string[];
  /**
   * How every cluster's pods are locked down; a cluster's own `podSecurityProfile` wins.
   * @default PodSecurityProfile.OPERATOR
   */
  readonly podSecurityProfile?: PodSecurityProfile;
  /**
   * Refuse the props that are dangerous by design, in every cluster of the fleet: `trust` in `patroni.pgHba`,
   * load balancers open to every address, SUPERUSER, REPLICATION or BYPASSRLS for application users, privileged
   * containers, added capabilities, hostPath volumes, literal values in secret-like env variables
   * (`*KEY*`, `*PASS*`, `*AUTH*`, `*CREDENTIAL*` as well), and `ssl` off.
   * @default false
   */
  readonly strictPolicy?: boolean;
  /**
   * Namespaces other than its own into which a cluster may write credentials Secrets: the `ns` of cross-namespace
   * users `ns.name` and `preparedDatabases[].secretNamespace` (the operator's `enable_cross_namespace_secret`,
   * narrowed to a list, because the credentials Job gets a Role that may create Secrets there). System namespaces
   * (`kube-*`) are refused even when listed.
   * @default - none: cross-namespace credentials are refused
   */
  readonly allowedSecretNamespaces?: string[];
  /**
   * Annotations on every database pod (`custom_pod_annotations`).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Annotations on every database Service (`custom_service_annotations`).
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * `externalTrafficPolicy` of load-balancer and NodePort Services (`external_traffic_policy`).
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * DNS zone for the external-dns hostname annotation on load balancers (`db_hosted_zone`).
   * @default - no external-dns annotation
   */
  readonly dbHostedZone?: string;
  /**
   * NodePort Services of every cluster (`enable_master_node_port`, `enable_replica_node_port`); a cluster's own
   * `nodePort` fields win. The poolers' are `connectionPooler.masterNodePort` and `.replicaNodePort`.
   * @default - none
   */
  readonly nodePort?: NodePortDefaults;
  /**
   * StatefulSet pod management policy (`pod_management_policy`).
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * What raising a cluster's `version` does (`major_version_upgrade_mode`; `full` has no equivalent here).
   * @default MajorVersionUpgradeMode.MANUAL
   */
  readonly majorVersionUpgradeMode?: MajorVersionUpgradeMode;

  /**
   * Replication user (`replication_username`).
   * @default 'standby'
   */
  readonly replicationUsername?: string;
  /**
   * Storage size of a cluster that does not set one.
   * @default Size.gibibytes(10)
   */
  readonly volumeSize?: Size;
  /**
   * Sidecars of every cluster (`sidecars`), after each cluster's own; a cluster's sidecar of the
   * same name wins, as in the operator.
   * @default - none
   */
  readonly sidecars?: PostgresSidecar[];
  /**
   * Init containers of every cluster, after each cluster's own; a cluster's init container of the
   * same name wins.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];
  /**
   * Monitoring of every cluster that sets no `monitoring` of its own.
   * @default - none
   */
  readonly monitoring?: PostgresMonitoringOptions;

  /**
   * NetworkPolicies of every cluster: a cluster's `networkPolicies` fields override these, its `clients` add to
   * these. `{ enabled: false }` turns them off for the clusters that do not turn them on.
   * @default - enabled, with no clients
   */
  readonly networkPolicies?: NetworkPolicyOptions;

  // Backups, log shipping and logical backups (issue 6): `wal_*_bucket`, `log_s3_bucket`, `aws_region`,
  // `irsa_role_arn`, `gcp_credentials` and the `logical_backup` section of OperatorConfiguration.

  /**
   * WAL archiving and base backups of every cluster that sets no `backup` of its own.
   * @default - none
   */
  readonly backup?: Backup;
  /**
   * Log shipping of every cluster that sets no `logShipping` of its own.
   * @default - none
   */
  readonly logShipping?: LogShipping;
  /**
   * Logical backup settings for clusters that enable `logicalBackup` (storage, image, schedule, ...).
   * @default - the operator's defaults; a cluster then needs its own `storage`
   */
  readonly logicalBackup?: LogicalBackupDefaults;
  /**
   * Connection pooler settings of every cluster that enables `connectionPooler` (the `connection_pooler`
   * section of OperatorConfiguration and `enable_*_pooler_load_balancer`); a cluster's own fields win.
   * @default - the operator's defaults
   */
  readonly connectionPooler?: ConnectionPoolerDefaults;
}

/**
 * Fleet-wide defaults shared by many clusters in one app, the analogue of the operator's
 * OperatorConfiguration. Pass it as `fleet` to each `PostgresCluster`.
 */
export class FleetDefaults {
  /** The settings this object was created with. */
  public readonly settings: FleetDefaultsProps;

  constructor(props: FleetDefaultsProps = {}) {
    this.settings = { ...props };
  }
}
