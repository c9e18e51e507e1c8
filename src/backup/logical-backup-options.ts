import { Duration } from 'cdk8s';
import { BackupStorage } from './backup-storage';
import { PostgresResources } from '../cluster/resources';

/** The operator's logical backup image (OperatorConfiguration `logical_backup_docker_image`). */
export const DEFAULT_LOGICAL_BACKUP_IMAGE = 'ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1';

/** A cluster's logical backup (`enableLogicalBackup` and its fields); each unset field comes from the fleet. */
export interface LogicalBackupOptions {
  /**
   * Where the dumps go (`LOGICAL_BACKUP_PROVIDER` and bucket settings). Azure needs
   * `StorageCredentials.azureAccessKey()` (the backup script passes an account key).
   * @default - the fleet's `logicalBackup.storage`
   */
  readonly storage?: BackupStorage;
  /**
   * Cron schedule of the CronJob (`logicalBackupSchedule`), in the controller's time zone (UTC).
   * @default - the fleet's, else '30 00 * * *'
   */
  readonly schedule?: string;
  /**
   * Delete dumps older than this, keeping the newest (`LOGICAL_BACKUP_S3_RETENTION_TIME`; S3 only,
   * the script cleans nothing elsewhere). Whole minutes, rendered in the largest whole unit, e.g. `30 days`.
   * @default - the fleet's, else keep every dump
   */
  readonly retention?: Duration;
  /**
   * Delete dumps older than this many calendar months (`LOGICAL_BACKUP_S3_RETENTION_TIME` `<n> months`, as the
   * operator's `logicalBackupRetention: "3 months"`; 12 for a year). A month has no fixed length, so it is a prop of its
   * own beside `retention`; set one of the two. S3 only, like `retention`.
   * @default - the fleet's, else keep every dump
   */
  readonly retentionMonths?: number;
  /**
   * Requests and limits of the backup container (`logical_backup_cpu_request` and friends).
   * @default - the fleet's, else the fleet's default postgres resources
   */
  readonly resources?: PostgresResources;
  /**
   * Container image (`logical_backup_docker_image`).
   * @default - the fleet's, else 'ghcr.io/zalando/postgres-operator/logical-backup:v2.0.1'
   */
  readonly image?: string;
  /**
   * First path piece in the bucket (`LOGICAL_BACKUP_S3_BUCKET_PREFIX`); dumps land in
   * `<bucket>/<bucketPrefix>/<cluster><suffix>/logical_backups/<epoch>.sql.gz`.
   * @default - the fleet's, else 'spilo'
   */
  readonly bucketPrefix?: string;
}

/** Fleet-wide logical backup settings (the OperatorConfiguration `logical_backup` section). */
export interface LogicalBackupDefaults extends LogicalBackupOptions {
  /**
   * Prefix of the CronJob name (`logical_backup_job_prefix`); the name is cut to 52 characters.
   * @default 'logical-backup-'
   */
  readonly jobPrefix?: string;
  /**
   * Finished Jobs kept (`logical_backup_successful_jobs_history_limit`).
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Failed Jobs kept (`logical_backup_failed_jobs_history_limit`).
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Delete finished Jobs after this (`logical_backup_ttl_seconds_after_finished`). The Jobs are the
   * CronJob's children, never in git, so a GitOps tool neither recreates nor prunes them.
   * @default Duration.days(1)
   */
  readonly ttlAfterFinished?: Duration;
}
