/**
 * Names of the objects and volumes the backup and logging features add (the cluster's own names
 * are in src/private/names.ts).
 */

/** Longest CronJob name: its Jobs are named `<cronjob>-<11 characters>` (the operator's trimCronjobName). */
export const MAX_CRONJOB_NAME_LENGTH = 52;

export const backupNames = {
  /** `<prefix><c>` cut to 52 characters and stripped of trailing hyphens, as the operator does. */
  logicalBackupJob: (prefix: string, c: string) => {
    const name = `${prefix}${c}`;
    return name.length > MAX_CRONJOB_NAME_LENGTH ? name.slice(0, MAX_CRONJOB_NAME_LENGTH).replace(/-+$/, '') : name;
  },
  /** ConfigMap with the AWS config file of Spilo's log upload job. */
  logShippingAwsConfig: (c: string) => `${c}-log-shipping-aws`,
  logShippingConfigVolume: 'log-shipping-aws-config',
  logShippingKeysVolume: 'log-shipping-aws-keys',
};

/** Volume names this module may add to the database pod (checked against `additionalVolumes`). */
export const BACKUP_VOLUME_NAMES = ['backup-gcp-key', 'clone-gcp-key', 'standby-gcp-key', backupNames.logShippingConfigVolume, backupNames.logShippingKeysVolume];
