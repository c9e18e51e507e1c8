import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { fail } from '../private/validation';
import { UserFlag } from '../users/user-flag';

/** Role attributes no application user gets under the strict policy: they bypass every other control. */
const PRIVILEGED_FLAGS: string[] = [UserFlag.SUPERUSER, UserFlag.REPLICATION, UserFlag.BYPASSRLS];

/**
 * `fleet.strictPolicy`: refuses the props that are dangerous by design. The container, volume and env
 * parts live with the pod (private/pod-security); these read the cluster's props only.
 */
export function assertStrictPolicy(props: PostgresClusterProps, fleet: FleetDefaultsProps): void {
  if (!fleet.strictPolicy) return;
  const why = '(fleet.strictPolicy)';
  (props.patroni?.pgHba ?? []).forEach((line, i) => {
    if (typeof line === 'string' && hbaMethod(line) === 'trust') {
      fail(`patroni.pgHba[${i}]`, line, `an entry without the trust method ${why}; use scram-sha-256 or cert`);
    }
  });
  (props.loadBalancer?.allowedSourceRanges ?? []).forEach((range, i) => {
    if (typeof range === 'string' && /\/0+$/.test(range.trim())) {
      fail(`loadBalancer.allowedSourceRanges[${i}]`, range, `a range narrower than every address ${why}`);
    }
  });
  for (const [user, flags] of Object.entries(props.users ?? {})) {
    (flags ?? []).forEach((flag, i) => {
      if (typeof flag === 'string' && PRIVILEGED_FLAGS.includes(flag.toLowerCase())) {
        fail(`users['${user}'][${i}]`, flag, `an attribute other than ${PRIVILEGED_FLAGS.map(f => f.toUpperCase()).join(', ')} for an application user ${why}`);
      }
    });
  }
  const ssl = props.parameters?.ssl;
  if (typeof ssl === 'string' && ['off', 'false', 'no', '0'].includes(ssl.trim().toLowerCase())) {
    fail("parameters['ssl']", ssl, `on ${why}`);
  }
}

/**
 * The authentication method of a pg_hba line: after database and user for `local`, after the address (and a
 * separate netmask, when the address has no /) for the host types. A database or user named trust is no method.
 */
function hbaMethod(line: string): string | undefined {
  const fields = line.split('#')[0].trim().split(/\s+/);
  if (fields[0] === 'local') return fields[3]?.toLowerCase();
  const address = fields[3];
  if (address === undefined) return undefined;
  const ip = /^[\d.]+$|^[\da-f]*:[\da-f:]*$/i;
  const netmask = ip.test(address) && ip.test(fields[4] ?? '');
  return fields[netmask ? 5 : 4]?.toLowerCase();
}
