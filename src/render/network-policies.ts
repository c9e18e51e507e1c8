/*
 * The NetworkPolicies `<c>` (members), `<c>-jobs` and one per pooler (`<c>-pooler`, `<c>-pooler-repl`). Each
 * selects its pods for both directions, so anything not listed here is refused. Clients and sidecar ports are read
 * at synth time: `allowFrom()` and `addSidecar()` may come after the cluster.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PostgresClient } from '../cluster/postgres-client';
import { EgressTarget, PodLabelSelector, ResolvedNetworkPolicies } from '../model/network-policies';
import { ResolvedPooler } from '../model/pooler';
import { ClusterIdentity } from '../model/resolved-cluster';
import { kubeObject } from '../private/kube-object';

const POSTGRES = 5432;
const PATRONI = 8008;
/** Spilo's bg_mon: server status and query texts. */
const BG_MON = 8080;
const GVK = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' };

type Rule = Record<string, unknown>;

export interface NetworkPoliciesRenderInput {
  readonly policies: ResolvedNetworkPolicies;
  readonly poolers: ResolvedPooler[];
  /** The declared clients, `allowFrom()`'s included; read at synth. */
  readonly clients: () => PostgresClient[];
  /** The database pods' sidecar ports; read at synth. */
  readonly sidecarPorts: () => k8s.ContainerPort[];
}

export interface NetworkPolicyObjects {
  readonly members: ApiObject;
  readonly jobs: ApiObject;
  readonly poolers: ApiObject[];
}

export function renderNetworkPolicies(scope: Construct, c: ClusterIdentity, input: NetworkPoliciesRenderInput): NetworkPolicyObjects {
  const p = input.policies;
  const metadata = (name: string) => ({
    name, namespace: c.namespace, labels: c.labels, ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}),
  });
  const policy = (id: string, name: string, spec: () => Rule) => kubeObject(scope, id, GVK, metadata(name), {
    spec: Lazy.any({ produce: () => ({ policyTypes: ['Ingress', 'Egress'], ...spec() }) }),
  });
  const members = { podSelector: { matchLabels: c.selector } };
  const clients = () => [
    ...input.clients().map(client => client._peer(c.namespace)),
    ...[...new Set([...p.loadBalancerSources, ...p.nodePortSources])].map(cidr => ({ ipBlock: { cidr } })),
  ];

  const membersPolicy = policy('NetworkPolicy', c.name, () => {
    const metrics = atLeastOne(p.monitoringClients.map(m => m._peer(c.namespace)),
      tcp([BG_MON, ...input.sidecarPorts().map(port => port.containerPort)]));
    return {
      podSelector: { matchLabels: c.selector },
      ingress: [
        {
          from: [members, pods(p.postgresJobs), ...input.poolers.map(pooler => ({ podSelector: { matchLabels: pooler.selector } })), ...clients()],
          ports: tcp([POSTGRES]),
        },
        { from: [members, pods(p.patroniJobs)], ports: tcp([PATRONI]) },
        ...metrics,
      ],
      egress: [
        DNS,
        { to: [members], ports: tcp([POSTGRES, PATRONI]) },
        ...egressTo(p.apiServer),
        ...(p.memberStorage ? egressTo(p.memberStorage) : []),
        ...(p.sourcePorts.length ? [{ ports: tcp(p.sourcePorts) }] : []),
        ...(p.additionalEgressPorts.length ? [{ ports: tcp(p.additionalEgressPorts) }] : []),
      ],
    };
  });

  // The Jobs serve nothing: no ingress at all.
  const jobsPolicy = policy('JobsNetworkPolicy', `${c.name}-jobs`, () => ({
    podSelector: pods(p.jobs).podSelector,
    egress: [
      DNS,
      ...egressTo(p.apiServer),
      { to: [members], ports: tcp([POSTGRES, PATRONI]) },
      ...(p.jobStorage ? egressTo(p.jobStorage) : []),
    ],
  }));

  const poolers = input.poolers.map(pooler => policy(`NetworkPolicy-${pooler.name}`, pooler.name, () => ({
    podSelector: { matchLabels: pooler.selector },
    ingress: atLeastOne([
      ...input.clients().map(client => client._peer(c.namespace)),
      ...(pooler.loadBalancer?.sourceRanges ?? pooler.nodePort?.policySources ?? []).map(cidr => ({ ipBlock: { cidr } })),
    ], tcp([POSTGRES])),
    egress: [DNS, { to: [members], ports: tcp([POSTGRES]) }],
  })));
  return { members: membersPolicy, jobs: jobsPolicy, poolers };
}

/** DNS to any address: the cluster DNS is not always a pod (it may run on the control plane or the node). */
const DNS: Rule = { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };

/** An ingress rule from `peers`, or none: a rule with an empty `from` would admit every source. */
function atLeastOne(peers: Rule[], ports: Rule[]): Rule[] {
  return peers.length ? [{ from: peers, ports }] : [];
}

function tcp(ports: number[]): Rule[] {
  return [...new Set(ports)].map(port => ({ port, protocol: 'TCP' }));
}

function pods(selector: PodLabelSelector): { podSelector: Rule } {
  const expressions = selector.matchExpressions ? { matchExpressions: selector.matchExpressions } : {};
  return { podSelector: { matchLabels: selector.matchLabels, ...expressions } };
}

/** The rules for a target: its ports, and the metadata service (AWS, GCP and Azure: 169.254.169.254:80; GKE: 169.254.169.252:988). */
function egressTo(target: EgressTarget): Rule[] {
  return [
    { ports: tcp(target.ports), ...(target.cidrs ? { to: target.cidrs.map(cidr => ({ ipBlock: { cidr } })) } : {}) },
    ...(target.metadataService ? [{
      to: ['169.254.169.254/32', '169.254.169.252/32'].map(cidr => ({ ipBlock: { cidr } })),
      ports: tcp([80, 988]),
    }] : []),
  ];
}
