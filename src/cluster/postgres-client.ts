import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isCidr } from '../private/cidr';
import { assertDns1123Label, assertLabels, fail } from '../private/validation';

/** Kinds whose pods `fromWorkload` finds, with the path of their pod template's labels. */
const POD_LABELS: Record<string, string[]> = {
  Pod: ['metadata', 'labels'],
  Deployment: ['spec', 'template', 'metadata', 'labels'],
  StatefulSet: ['spec', 'template', 'metadata', 'labels'],
  DaemonSet: ['spec', 'template', 'metadata', 'labels'],
  ReplicaSet: ['spec', 'template', 'metadata', 'labels'],
  Job: ['spec', 'template', 'metadata', 'labels'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
};
/** The label the API server puts on every namespace (Kubernetes 1.22+). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** What a client resolves to: the pods (by labels) in some namespaces, or addresses. */
interface ClientPeer {
  readonly podLabels?: Record<string, string>;
  /** Unset: the namespace of the policy (the cluster's). */
  readonly namespaceLabels?: Record<string, string>;
  readonly cidr?: string;
  /** A workload without a namespace: the one kubectl applies it to. */
  readonly namespaceUnknown?: boolean;
}

/**
 * Pods (or addresses) allowed to connect to a cluster: to port 5432 of its members and its poolers with
 * `PostgresCluster.allowFrom()` or `networkPolicies.clients`, or to its metrics ports with
 * `networkPolicies.monitoringClients`. Works across charts and namespaces.
 */
export class PostgresClient {
  /**
   * The pods of a workload: a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod, given as its
   * `ApiObject` or as any construct with exactly one such object in its tree (a cdk8s-plus workload of any
   * version). Its pod template's labels and its namespace are read when the cluster's charts are synthesized,
   * so labels added later count.
   */
  public static fromWorkload(workload: IConstruct): PostgresClient {
    const found = workload instanceof ApiObject ? [workload]
      : workload.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind in POD_LABELS);
    if (found.length !== 1 || !(found[0].kind in POD_LABELS)) {
      throw new Error(`PostgresClient.fromWorkload: ${workload.node.path} has ${found.length === 1 ? `kind ${found[0].kind}` : `${found.length} workload objects`}; `
        + `expected one of ${Object.keys(POD_LABELS).join(', ')} (pass the workload's ApiObject)`);
    }
    return new PostgresClient(`workload ${workload.node.path}`, () => workloadPeer(found[0]));
  }

  /**
   * Pods with these labels, in `namespace` or else in the cluster's namespace.
   * @param podLabels labels every allowed pod has (at least one)
   * @param namespace the pods' namespace; the cluster's when unset
   */
  public static fromLabels(podLabels: Record<string, string>, namespace?: string): PostgresClient {
    assertLabels('PostgresClient.fromLabels(podLabels)', podLabels);
    if (!podLabels || !Object.keys(podLabels).length) fail('PostgresClient.fromLabels(podLabels)', podLabels, 'at least one label');
    assertDns1123Label('PostgresClient.fromLabels(namespace)', namespace);
    return new PostgresClient(`labels ${JSON.stringify(podLabels)}`, () => ({
      podLabels: { ...podLabels },
      ...(namespace !== undefined ? { namespaceLabels: { [NAMESPACE_NAME_LABEL]: namespace } } : {}),
    }));
  }

  /** Every pod of a namespace, by name. */
  public static fromNamespace(name: string): PostgresClient {
    if (name === undefined) fail('PostgresClient.fromNamespace(name)', name, 'a namespace name');
    assertDns1123Label('PostgresClient.fromNamespace(name)', name);
    return new PostgresClient(`namespace ${name}`, () => ({ namespaceLabels: { [NAMESPACE_NAME_LABEL]: name } }));
  }

  /** Every pod of the namespaces with these labels. */
  public static fromNamespaceLabels(namespaceLabels: Record<string, string>): PostgresClient {
    assertLabels('PostgresClient.fromNamespaceLabels(namespaceLabels)', namespaceLabels);
    if (!namespaceLabels || !Object.keys(namespaceLabels).length) fail('PostgresClient.fromNamespaceLabels(namespaceLabels)', namespaceLabels, 'at least one label');
    return new PostgresClient(`namespaces ${JSON.stringify(namespaceLabels)}`, () => ({ namespaceLabels: { ...namespaceLabels } }));
  }

  /**
   * Addresses outside the pod network (an IPv4 or IPv6 CIDR), such as a load balancer's or a VPN's clients. Most
   * policy implementations do not match pod addresses with CIDRs: use the other factories for pods.
   */
  public static fromCidr(cidr: string): PostgresClient {
    if (typeof cidr !== 'string' || !isCidr(cidr)) fail('PostgresClient.fromCidr(cidr)', cidr, 'an IPv4 or IPv6 CIDR such as 10.0.0.0/8');
    return new PostgresClient(`addresses ${cidr}`, () => ({ cidr }));
  }

  /**
   * @param description what the client is, for messages
   * @param resolve the peer, read when the policies are synthesized
   */
  private constructor(
    /** What this client is, for messages. */
    public readonly description: string,
    private readonly resolve: () => ClientPeer,
  ) {}

  /**
   * @internal The NetworkPolicy peer, for a policy in `namespace`: pods of another namespace are selected with
   * that namespace's name label.
   */
  public _peer(namespace: string | undefined): Record<string, unknown> {
    const p = this.resolve();
    if (p.namespaceUnknown && namespace !== undefined) {
      throw new Error(`PostgresClient: the ${this.description} has no namespace but the cluster is in '${namespace}': `
        + 'give the workload (or its chart) a namespace');
    }
    if (p.cidr !== undefined) return { ipBlock: { cidr: p.cidr } };
    const sameNamespace = p.namespaceLabels === undefined
      || (namespace !== undefined && Object.keys(p.namespaceLabels).length === 1 && p.namespaceLabels[NAMESPACE_NAME_LABEL] === namespace);
    return {
      ...(p.podLabels ? { podSelector: { matchLabels: p.podLabels } } : sameNamespace ? { podSelector: {} } : {}),
      ...(sameNamespace ? {} : { namespaceSelector: { matchLabels: p.namespaceLabels } }),
    };
  }
}

function workloadPeer(o: ApiObject): ClientPeer {
  const json = o.toJson();
  let labels: any = json;
  for (const key of POD_LABELS[o.kind]) labels = labels?.[key];
  if (!labels || !Object.keys(labels).length) {
    throw new Error(`PostgresClient.fromWorkload: ${o.node.path} (${o.kind}) has no pod labels to select its pods by`);
  }
  const namespace: string | undefined = json.metadata?.namespace;
  const where = namespace !== undefined ? { namespaceLabels: { [NAMESPACE_NAME_LABEL]: namespace } } : { namespaceUnknown: true };
  return { podLabels: { ...labels }, ...where };
}
