// Every public prop has at least one bad-input row: the props come from the jsii assembly (see public-props.ts for
// which structs count), the rows from test/bad-input/rows/*.ts.
import { loadRows } from './harness';
import { publicPropPaths, ROOTS } from './public-props';

/**
 * Props for which no value a caller can pass is wrong, each with the reason. A JavaScript caller is not type-checked,
 * but refusing e.g. a non-boolean flag would only restate the type, so such props are exempt rather than checked.
 */
export const EXEMPT: Record<string, string> = {
  // booleans
  'AdditionalVolume.readOnly': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'ConnectionPoolerOptions.master': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness) (both false turns the pooler off)',
  'ConnectionPoolerOptions.replica': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'FleetDefaultsProps.enablePatroniFailsafeMode': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'FleetDefaultsProps.enablePodDisruptionBudget': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'FleetDefaultsProps.enableReadinessProbe': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'FleetDefaultsProps.enableShmVolume': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'LoadBalancerOptions.master': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'LoadBalancerOptions.replica': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'LogForwarderOptions.allowPlaintext': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness) (its misuse, tls: false without it, is a row of LogForwarderOptions.tls)',
  'PatroniOptions.synchronousMode': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness); its misuse is a row of synchronousModeStrict',
  'PatroniOptions.failsafeMode': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PodAntiAffinityOptions.enabled': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PodAntiAffinityOptions.preferred': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PostgresClusterProps.enableShmVolume': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PostgresExporterOptions.customQueries': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PostgresMonitoringOptions.podMonitor': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PostgresMonitoringOptions.rules': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PreparedDatabase.defaultUsers': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'PreparedSchema.defaultRoles': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness) (its misuse with defaultUsers is a row of PreparedSchema.defaultUsers)',
  'ResourceThresholds.setMemoryRequestToLimit': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  'WalGOptions.backupFromReplica': 'a boolean: either value is a valid choice on its own, and the library does not type-check it (a non-boolean from JavaScript is read by truthiness)',
  // sizes
  'PostgresResources.memoryLimit': 'a cdk8s Size cannot be negative and any size is a valid amount (zero counts as unset, as in the operator)',
  'PostgresResources.memoryRequest': 'a cdk8s Size cannot be negative and any size is a valid amount (zero counts as unset, as in the operator)',
  'ResourceThresholds.maxMemoryRequest': 'a cdk8s Size cannot be negative and any size is a valid amount (zero counts as unset, as in the operator); a threshold only clamps',
  'ResourceThresholds.minMemoryLimit': 'a cdk8s Size cannot be negative and any size is a valid amount (zero counts as unset, as in the operator); a threshold only clamps',
};

const PATHS = publicPropPaths();
const COVERED = new Set(loadRows().flatMap(r => r.covers));

describe('bad-input coverage of the public props', () => {
  test('the assembly lists the root structs and their nested structs', () => {
    // a broken walk would make the coverage check vacuous
    for (const root of ROOTS) expect(PATHS.filter(p => p.startsWith(`${root}.`)).length).toBeGreaterThan(20);
    expect(PATHS).toEqual(expect.arrayContaining(['S3StorageProps.bucket', 'PostgresSidecarProps.ports', 'WalGOptions.schedule']));
  });

  test('every public prop has a bad-input row or a reasoned exemption', () => {
    expect(PATHS.filter(p => !COVERED.has(p) && !(p in EXEMPT))).toEqual([]);
  });

  test('rows and exemptions name only public props, and no prop is both covered and exempt', () => {
    expect([...COVERED].filter(p => !PATHS.includes(p))).toEqual([]);
    expect(Object.keys(EXEMPT).filter(p => !PATHS.includes(p) || COVERED.has(p))).toEqual([]);
  });
});
