import { PostgresVersion } from './postgres-version';

/**
 * What raising `version` on a running cluster does (the operator's `major_version_upgrade_mode`, without `full`:
 * a library cannot see which majors a fleet runs).
 */
export enum MajorVersionUpgradeMode {
  /**
   * Upgrade in place when `version` goes above the server's major, as the operator's default: the dynamic
   * configuration Job checks the cluster as the operator does, then runs Spilo's `/scripts/inplace_upgrade.py` on the
   * primary through `pods/exec` (its Role may exec only into the cluster's member pods, by name).
   */
  MANUAL = 'manual',
  /**
   * Never upgrade: the Job refuses (and fails) when `version` is above the server's major, and its Role has no
   * `pods/exec`.
   */
  OFF = 'off',
}

/** How the cluster's PostgreSQL major version changes after it exists (`majorVersionUpgrade`). */
export interface MajorVersionUpgradeOptions {
  /**
   * Whether raising `version` upgrades the running cluster in place.
   * @default - the fleet's `majorVersionUpgradeMode`, MajorVersionUpgradeMode.MANUAL
   */
  readonly mode?: MajorVersionUpgradeMode;

  /**
   * The major the cluster's data directory has today, when git should know it. Synth then refuses a `version` below
   * it (PostgreSQL cannot go down a major), a `version` above it with `mode` OFF, and any change of a standby's
   * version (a standby follows its source's major). Without it, the same cases are refused by the Job at runtime,
   * before it changes anything. Keeping it after the upgrade is harmless; raise it to forbid going back in git.
   * @default - not known at synth
   */
  readonly fromVersion?: PostgresVersion;
}
