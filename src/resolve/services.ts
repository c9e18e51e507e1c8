import { ResolvedNodePorts } from './node-ports';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { ExternalTrafficPolicy } from '../cluster/load-balancer';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { ResolvedNodePort, ResolvedService, ResolvedServices } from '../model/services';
import { isCidr } from '../private/cidr';
import { names } from '../private/names';
import { assertAnnotationKeys, assertOneOf, DNS1123_SUBDOMAIN, fail } from '../private/validation';

export interface DatabaseServicesInput {
  readonly name: string;
  readonly namespace?: string;
  readonly annotations: Record<string, string>;
  readonly fleet: FleetDefaultsProps;
  readonly props: PostgresClusterProps;
  readonly nodePorts: ResolvedNodePorts;
}

/** Services `<c>` and `<c>-repl`: annotations (external-dns names included), load balancers and node ports. */
export function resolveServices(input: DatabaseServicesInput): ResolvedServices {
  const { props, fleet } = input;
  const lb = props.loadBalancer ?? {};
  const ranges = lb.allowedSourceRanges ?? ['127.0.0.1/32'];
  ranges.forEach((r, i) => { if (!isCidr(r)) fail(`loadBalancer.allowedSourceRanges[${i}]`, r, 'an IPv4 or IPv6 CIDR such as 10.0.0.0/8'); });
  assertOneOf('loadBalancer.externalTrafficPolicy', lb.externalTrafficPolicy, Object.values(ExternalTrafficPolicy));
  assertOneOf('fleet.externalTrafficPolicy', fleet.externalTrafficPolicy, Object.values(ExternalTrafficPolicy));
  // DNS is case-insensitive and the hostname is lower-cased, as the operator does.
  const zone = fleet.dbHostedZone;
  if (zone !== undefined && (zone.length > 253 || !DNS1123_SUBDOMAIN.test(zone.toLowerCase()))) {
    fail('fleet.dbHostedZone', zone, 'a DNS domain (letters, digits, - and ., at most 253 characters)');
  }
  const base = { ...fleet.serviceAnnotations, ...input.annotations, ...props.serviceAnnotations };
  assertAnnotationKeys('fleet.serviceAnnotations', fleet.serviceAnnotations);
  assertAnnotationKeys('serviceAnnotations', props.serviceAnnotations);
  assertAnnotationKeys('masterServiceAnnotations', props.masterServiceAnnotations);
  assertAnnotationKeys('replicaServiceAnnotations', props.replicaServiceAnnotations);

  const make = (role: 'master' | 'replica', serviceName: string, lbSwitch: boolean, own?: Record<string, string>, nodePort?: ResolvedNodePort): ResolvedService => {
    // As the operator: a NodePort wins, and then gets neither source ranges nor an external-dns hostname.
    const loadBalancer = lbSwitch && !nodePort;
    const annotations: Record<string, string> = { ...base, ...own };
    if (loadBalancer && fleet.dbHostedZone) {
      if (!input.namespace) fail('namespace', input.namespace, 'a namespace when load balancers get an external-dns hostname (fleet.dbHostedZone)');
      annotations['external-dns.alpha.kubernetes.io/hostname'] = dnsNames(serviceName, input, role === 'replica').join(',');
    }
    return {
      name: serviceName,
      role,
      annotations,
      ...(loadBalancer ? {
        loadBalancer: {
          sourceRanges: [...ranges],
          externalTrafficPolicy: lb.externalTrafficPolicy ?? fleet.externalTrafficPolicy ?? ExternalTrafficPolicy.CLUSTER,
        },
      } : {}),
      ...(nodePort ? { nodePort } : {}),
    };
  };
  return {
    primary: make('master', names.primaryService(input.name), lb.master ?? false, props.masterServiceAnnotations, input.nodePorts.master),
    replica: make('replica', names.replicaService(input.name), lb.replica ?? false, props.replicaServiceAnnotations, input.nodePorts.replica),
  };
}

/** The operator's `{cluster}.{namespace}.{hostedzone}` plus the legacy `{cluster}.{team}.{hostedzone}` name. */
function dnsNames(serviceName: string, input: DatabaseServicesInput, replica: boolean): string[] {
  const zone = input.fleet.dbHostedZone!;
  const result = [`${serviceName}.${input.namespace}.${zone}`.toLowerCase()];
  const team = input.props.teamId.toLowerCase();
  if (input.name.toLowerCase().startsWith(`${team}-`)) {
    const short = input.name.slice(team.length + 1) + (replica ? '-repl' : '');
    result.push(`${short}.${team}.${zone}`.toLowerCase());
  }
  return result;
}
