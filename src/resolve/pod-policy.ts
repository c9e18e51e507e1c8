import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PodSecurityProfile } from '../cluster/pod-security-profile';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PodPolicy } from '../private/pod-security';
import { fail } from '../private/validation';

/** The cluster's profile or else the fleet's, and the fleet's strict mode; JavaScript callers' values checked. */
export function resolvePodPolicy(props: PostgresClusterProps, fleet: FleetDefaultsProps): PodPolicy {
  const profile = props.podSecurityProfile ?? fleet.podSecurityProfile ?? PodSecurityProfile.OPERATOR;
  if (!Object.values(PodSecurityProfile).includes(profile)) {
    fail(props.podSecurityProfile !== undefined ? 'podSecurityProfile' : 'fleet.podSecurityProfile', profile,
      `one of ${Object.values(PodSecurityProfile).map(v => `'${v}'`).join(', ')}`);
  }
  if (fleet.strictPolicy !== undefined && typeof fleet.strictPolicy !== 'boolean') fail('fleet.strictPolicy', fleet.strictPolicy, 'true or false');
  return { restricted: profile === PodSecurityProfile.RESTRICTED, strict: fleet.strictPolicy === true };
}
