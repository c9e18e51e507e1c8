/*
 * The cluster's NodePort Services, as the operator decides them (shouldCreateNodePortForService and its pooler
 * twin): the cluster's switch over the fleet's; a fixed port only with the cluster's own switch (the operator reads
 * it only then, and gives fleet-enabled ones port 0); a NodePort wins over a load balancer (services.ts, poolers.ts).
 */
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { ExternalTrafficPolicy } from '../cluster/load-balancer';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PoolerSettings } from '../model/pooler';
import { ResolvedNodePort } from '../model/services';
import { isCidr } from '../private/cidr';
import { assertBoolean, assertInteger, fail, failConflict } from '../private/validation';

/** Every address: a node port is open to whoever reaches a node, so the policies admit as much by default. */
export const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'];

export interface ResolvedNodePorts {
  readonly master?: ResolvedNodePort;
  readonly replica?: ResolvedNodePort;
  readonly masterPooler?: ResolvedNodePort;
  readonly replicaPooler?: ResolvedNodePort;
}

/** One switch and its port: where they come from, for the checks and messages. */
interface Switch {
  readonly key: keyof ResolvedNodePorts;
  readonly own: { readonly prop: string; readonly value?: boolean };
  readonly fleet: { readonly prop: string; readonly value?: boolean };
  readonly port: { readonly prop: string; readonly value?: number };
  /** Whether the Service exists (a pooler may be off). */
  readonly exists: boolean;
}

/** The NodePort Services of the cluster and its poolers (`pooler`: the resolved settings, when it has any). */
export function resolveNodePorts(props: PostgresClusterProps, fleet: FleetDefaultsProps, pooler: PoolerSettings | undefined): ResolvedNodePorts {
  for (const [prefix, o] of [['nodePort', props.nodePort], ['fleet.nodePort', fleet.nodePort]] as const) {
    assertBoolean(`${prefix}.master`, o?.master);
    assertBoolean(`${prefix}.replica`, o?.replica);
    const ranges = o?.allowedSourceRanges;
    if (ranges !== undefined && (!Array.isArray(ranges) || ranges.length === 0)) {
      fail(`${prefix}.allowedSourceRanges`, ranges, 'a non-empty list of CIDRs (omit it to admit every address)');
    }
    (ranges ?? []).forEach((r, i) => { if (typeof r !== 'string' || !isCidr(r)) fail(`${prefix}.allowedSourceRanges[${i}]`, r, 'an IPv4 or IPv6 CIDR such as 10.0.0.0/8'); });
  }
  for (const k of ['masterNodePort', 'replicaNodePort'] as const) {
    assertBoolean(`connectionPooler.${k}`, props.connectionPooler?.[k]);
    assertBoolean(`fleet.connectionPooler.${k}`, fleet.connectionPooler?.[k]);
  }
  const own = props.nodePort ?? {};
  const shared = fleet.nodePort ?? {};
  const ownPooler = props.connectionPooler ?? {};
  const sharedPooler = fleet.connectionPooler ?? {};
  const switches: Switch[] = [
    { key: 'master', own: { prop: 'nodePort.master', value: own.master }, fleet: { prop: 'fleet.nodePort.master', value: shared.master }, port: { prop: 'nodePort.masterPort', value: own.masterPort }, exists: true },
    { key: 'replica', own: { prop: 'nodePort.replica', value: own.replica }, fleet: { prop: 'fleet.nodePort.replica', value: shared.replica }, port: { prop: 'nodePort.replicaPort', value: own.replicaPort }, exists: true },
    {
      key: 'masterPooler',
      own: { prop: 'connectionPooler.masterNodePort', value: ownPooler.masterNodePort },
      fleet: { prop: 'fleet.connectionPooler.masterNodePort', value: sharedPooler.masterNodePort },
      port: { prop: 'connectionPooler.masterNodePortNumber', value: ownPooler.masterNodePortNumber },
      exists: pooler?.master ?? false,
    },
    {
      key: 'replicaPooler',
      own: { prop: 'connectionPooler.replicaNodePort', value: ownPooler.replicaNodePort },
      fleet: { prop: 'fleet.connectionPooler.replicaNodePort', value: sharedPooler.replicaNodePort },
      port: { prop: 'connectionPooler.replicaNodePortNumber', value: ownPooler.replicaNodePortNumber },
      exists: pooler?.replica ?? false,
    },
  ];

  const trafficPolicy = props.loadBalancer?.externalTrafficPolicy ?? fleet.externalTrafficPolicy ?? ExternalTrafficPolicy.CLUSTER;
  const policySources = own.allowedSourceRanges ?? shared.allowedSourceRanges ?? EVERY_ADDRESS;
  const out: Partial<Record<keyof ResolvedNodePorts, ResolvedNodePort>> = {};
  const taken = new Map<number, string>();
  for (const s of switches) {
    assertInteger(s.port.prop, s.port.value, 1, 65535);
    if (s.port.value !== undefined && s.own.value !== true) {
      fail(s.port.prop, s.port.value, `no port unless ${s.own.prop} is true on the cluster itself (the operator reads the port only then)`);
    }
    if (s.own.value === true && !s.exists) {
      fail(s.own.prop, true, 'false or unset when that pooler is off (there is no such pooler to expose)');
    }
    if (!(s.exists && (s.own.value ?? s.fleet.value ?? false))) continue;
    if (s.port.value !== undefined) {
      const other = taken.get(s.port.value);
      if (other) failConflict(`${other}, ${s.port.prop}`, `both ask for node port ${s.port.value}; a node port serves one Service`);
      taken.set(s.port.value, s.port.prop);
    }
    const port = s.port.value !== undefined ? { port: s.port.value } : {};
    out[s.key] = { ...port, externalTrafficPolicy: trafficPolicy, policySources: [...policySources] };
  }
  assertSourcesUsed(props, fleet, Object.keys(out).length > 0);
  return out;
}

/**
 * The sources only matter to the NetworkPolicies. A cluster's own ranges with its policies off would be ignored;
 * under the strict policy, a NodePort Service needs ranges narrower than every address.
 */
function assertSourcesUsed(props: PostgresClusterProps, fleet: FleetDefaultsProps, anyNodePort: boolean): void {
  const policies = props.networkPolicies?.enabled ?? fleet.networkPolicies?.enabled ?? true;
  const ownRanges = props.nodePort?.allowedSourceRanges;
  if (!policies && ownRanges !== undefined) {
    failConflict('nodePort.allowedSourceRanges, networkPolicies.enabled', 'the ranges are enforced by the NetworkPolicies only, which are off for this cluster');
  }
  if (!fleet.strictPolicy || !policies || !anyNodePort) return;
  const [prop, ranges] = ownRanges !== undefined ? ['nodePort.allowedSourceRanges', ownRanges] : ['fleet.nodePort.allowedSourceRanges', fleet.nodePort?.allowedSourceRanges];
  if (ranges === undefined) {
    fail('nodePort.allowedSourceRanges', ranges, 'ranges narrower than every address when a Service is a NodePort (fleet.strictPolicy)');
  }
  ranges.forEach((range, i) => {
    if (/\/0+$/.test(range.trim())) fail(`${prop}[${i}]`, range, 'a range narrower than every address (fleet.strictPolicy)');
  });
}
