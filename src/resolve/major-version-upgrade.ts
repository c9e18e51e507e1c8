import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { MajorVersionUpgradeMode } from '../cluster/major-version-upgrade';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PostgresVersion } from '../cluster/postgres-version';
import { assertOneOf, fail } from '../private/validation';

/**
 * The cluster's `majorVersionUpgrade` mode, after refusing what git alone shows to be impossible: a version below the
 * data directory's major, an upgrade with the mode off, a standby changing major.
 */
export function resolveMajorVersionUpgrade(
  props: PostgresClusterProps, fleet: FleetDefaultsProps, version: PostgresVersion,
): MajorVersionUpgradeMode {
  const options = props.majorVersionUpgrade ?? {};
  assertOneOf('majorVersionUpgrade.mode', options.mode, Object.values(MajorVersionUpgradeMode));
  assertOneOf('fleet.majorVersionUpgradeMode', fleet.majorVersionUpgradeMode, Object.values(MajorVersionUpgradeMode));
  const mode = options.mode ?? fleet.majorVersionUpgradeMode ?? MajorVersionUpgradeMode.MANUAL;
  const from = options.fromVersion;
  if (from === undefined) return mode;
  const major = (from as { major?: unknown }).major;
  if (typeof major !== 'string' || !PostgresVersion.SUPPORTED.includes(major)) {
    fail('majorVersionUpgrade.fromVersion', major ?? from, `a PostgresVersion (${PostgresVersion.SUPPORTED.join(', ')})`);
  }
  const to = Number(version.major);
  if (to < Number(major)) {
    fail('version', version.major, `${major} or above: majorVersionUpgrade.fromVersion says the data directory is PostgreSQL ${major}, and PostgreSQL cannot go down a major (restore a logical backup into a new cluster instead)`);
  }
  if (props.standby !== undefined && to !== Number(major)) {
    fail('version', version.major, `${major} (majorVersionUpgrade.fromVersion): a standby replays its source's WAL and runs its source's major; upgrade the source, then re-create the standby at the new version`);
  }
  if (to > Number(major) && mode === MajorVersionUpgradeMode.OFF) {
    fail(options.mode ? 'majorVersionUpgrade.mode' : 'fleet.majorVersionUpgradeMode', mode, `${MajorVersionUpgradeMode.MANUAL} to upgrade from PostgreSQL ${major} to ${version.major} (or version ${major})`);
  }
  return mode;
}
