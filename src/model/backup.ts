/*
 * Resolved backups: what WAL archiving, clone, standby and log shipping add to the database pods,
 * and the logical backup CronJob's fields.
 */
import { k8s } from 'cdk8s-plus-28';

/** What backups, log shipping, clone and standby add to the database pods. */
export interface BackupPlan {
  /** Env after the user's `env`, in the operator's order: clone, standby, WAL bucket block, log block. */
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly serviceAccountAnnotations: Record<string, string>;
  /** `/<clusterUid>` or '' (WAL, log and logical backup paths). */
  readonly suffix: string;
  /** Where WAL is archived, if it is. */
  readonly walPrefix?: string;
  /** Where logs are shipped, if they are. */
  readonly logLocation?: string;
  /** Files of the AWS config for the log upload job (a ConfigMap), if needed. */
  readonly awsConfig?: Record<string, string>;
  /** Secrets the settings name (credentials the user created). */
  readonly secrets: string[];
}

/** The operator's logical backup: CronJob, ServiceAccount, Role and RoleBinding `logical-backup-<c>`. */
export interface ResolvedLogicalBackup {
  /** Name of all four objects. */
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Annotations of the ServiceAccount besides the inherited ones (workload identity). */
  readonly serviceAccountAnnotations: Record<string, string>;
  /** Secrets the job reads (the superuser's and the storage credentials). */
  readonly secrets: string[];
  readonly schedule: string;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly ttlSecondsAfterFinished: number;
  readonly terminationGracePeriodSeconds: number;
  readonly securityContext: k8s.PodSecurityContext;
  readonly container: k8s.Container;
  readonly volumes: k8s.Volume[];
  readonly tolerations: k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
}
