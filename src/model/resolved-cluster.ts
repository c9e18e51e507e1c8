/*
 * The resolution stage's output: one cluster with the fleet's settings merged in, every default
 * applied and every prop checked. Renderers read only this; they never see the props or the fleet.
 */
import { k8s } from 'cdk8s-plus-28';
import { BackupPlan, ResolvedLogicalBackup } from './backup';
import { PodContainerSet, ResolvedSpiloPod } from './pod';
import { ResolvedPoolers } from './pooler';
import { ResolvedServices } from './services';
import { ResolvedTls } from './tls';
import { ResolvedUsers } from './users';
import { MajorVersionUpgradeMode } from '../cluster/major-version-upgrade';
import { PostgresVersion } from '../cluster/postgres-version';
import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { ClusterLabelKeys } from '../private/labels';

/** Who the cluster is and what every one of its objects carries. */
export interface ClusterIdentity {
  /** `SCOPE`: the cluster name. */
  readonly name: string;
  readonly namespace?: string;
  readonly teamId: string;
  readonly keys: ClusterLabelKeys;
  /** Selector labels (L0): they never change. */
  readonly selector: Record<string, string>;
  /** Object labels (L1): selector, team and the inherited labels. */
  readonly labels: Record<string, string>;
  /** Inherited annotations of every object. */
  readonly annotations: Record<string, string>;
}

export interface ResolvedCluster extends ClusterIdentity {
  /** Members after the fleet's clamps. */
  readonly instances: number;
  readonly version: PostgresVersion;
  /** Whether the dynamic configuration Job upgrades in place when the server's major is below `version`. */
  readonly majorVersionUpgrade: MajorVersionUpgradeMode;
  /** The Spilo image of the pods and of the Jobs. */
  readonly image: string;
  readonly superuser: string;
  readonly replicationUsername: string;
  /** Whether the operator's disruption budgets apply (`fleet.enablePodDisruptionBudget`). */
  readonly disruptionBudgets: boolean;
  /** StatefulSet fields besides the pod template. */
  readonly podManagementPolicy: string;
  /** The StatefulSet's update strategy type: RollingUpdate or OnDelete. */
  readonly updateStrategyType: string;
  /** Switchover-once rollouts: the StatefulSet is OnDelete and a Job rolls the members. */
  readonly switchoverRollout: boolean;
  /** libpq `sslmode` of the Jobs that connect to PostgreSQL: `require`, or `prefer` when `parameters.ssl` is off. */
  readonly jobSslMode: string;
  /** The pgdata claim template. */
  readonly volumeClaim: k8s.KubePersistentVolumeClaimProps;
  /** Each member's pgdata claim, when the volume grew past the template (`volume.claimTemplateSize`). */
  readonly memberClaim?: k8s.KubePersistentVolumeClaimProps;
  readonly services: ResolvedServices;
  readonly pod: ResolvedSpiloPod;
  /**
   * The sidecars and init containers. The one part that may still grow after resolution:
   * `addSidecar` and `addInitContainer` resolve each addition on entry.
   */
  readonly sidecars: PodContainerSet;
  /** WAL archive, clone, standby and log shipping: env, volumes and the objects they need. */
  readonly backup: BackupPlan;
  readonly logicalBackup?: ResolvedLogicalBackup;
  readonly users: ResolvedUsers;
  readonly poolers: ResolvedPoolers;
  /** TLS from `tls`: the pods' Secret mounts and env, and the cert-manager Certificate. */
  readonly tls?: ResolvedTls;
  /** The Patroni REST API's credentials Secret (`patroniApiAuthentication`); undefined: the API takes none. */
  readonly patroniApiSecret?: string;
  /** Monitoring options, checked, when the cluster or the fleet enables monitoring. */
  readonly monitoring?: PostgresMonitoringOptions;
}
