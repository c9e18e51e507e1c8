// Cluster members without a statefulset controller, scheduler or kubelet: the tier creates each Pod from the StatefulSet's
// template as the statefulset controller would (owner reference, claim volumes), binds it to a node that does not
// exist, and writes its status as the kubelet would. The API server judges all of it as it would the real thing.
import { KubeClient, Manifest, Reply } from './client';

/** Stands for the node the members run on; nothing checks that it exists. */
export const FAKE_NODE = 'fake-node-0';

export interface MemberState {
  /** The kubelet's Ready condition (readiness probe passing). */
  readonly ready: boolean;
  /** Extra labels, e.g. the bootstrap label Spilo sets. */
  readonly labels?: Record<string, string>;
}

const podsPath = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;

function check(r: Reply, what: string, ok: number[] = [200, 201]): Reply {
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.body?.message ?? JSON.stringify(r.body)}`);
  return r;
}

/** Pod `<sts>-<ordinal>` as the statefulset controller makes it from the applied StatefulSet (as the server stored it). */
export function memberPod(sts: any, ordinal: number): Manifest {
  const name = `${sts.metadata.name}-${ordinal}`;
  const template = sts.spec.template;
  const claims = (sts.spec.volumeClaimTemplates ?? []).map((c: any) => ({
    name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${name}` },
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      labels: { ...template.metadata?.labels, 'statefulset.kubernetes.io/pod-name': name },
      annotations: template.metadata?.annotations,
      // The disruption controller finds the expected member count through this reference (the StatefulSet's replicas).
      ownerReferences: [{
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: sts.metadata.name,
        uid: sts.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      }],
    },
    spec: {
      ...template.spec,
      hostname: name,
      subdomain: sts.spec.serviceName,
      volumes: [...(template.spec.volumes ?? []), ...claims],
      nodeName: FAKE_NODE,
    },
  };
}

/** What the kubelet reports for a started member: Running, Ready or not (a crash loop or a bootstrap in progress). */
function kubeletStatus(ready: boolean) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
  return {
    phase: 'Running',
    startTime: now,
    conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
  };
}

export async function createMember(client: KubeClient, pod: Manifest, state: MemberState): Promise<void> {
  const ns = pod.metadata.namespace!;
  const withLabels = { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, ...state.labels } } };
  check(await client.request('POST', podsPath(ns), withLabels), `create pod ${pod.metadata.name}`);
  await setReady(client, ns, pod.metadata.name, state.ready);
}

/** Acting as the kubelet: the status subresource, the only way the Ready condition is written. */
export async function setReady(client: KubeClient, ns: string, name: string, ready: boolean): Promise<void> {
  check(await client.request('PATCH', `${podsPath(ns)}/${encodeURIComponent(name)}/status`,
    { status: kubeletStatus(ready) }, 'application/merge-patch+json'), `status of pod ${name}`);
}

/** Acting as Patroni, which labels its own pod (null removes the label). */
export async function setLabels(client: KubeClient, ns: string, name: string, labels: Record<string, string | null>): Promise<void> {
  check(await client.request('PATCH', `${podsPath(ns)}/${encodeURIComponent(name)}`,
    { metadata: { labels } }, 'application/merge-patch+json'), `labels of pod ${name}`);
}

/** The Eviction API, as `kubectl drain` calls it: 201 evicted, 429 refused by a budget (retry), anything else an error. */
export async function evict(client: KubeClient, ns: string, name: string): Promise<Reply> {
  return client.request('POST', `${podsPath(ns)}/${encodeURIComponent(name)}/eviction`, {
    apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns },
  });
}

export async function getPod(client: KubeClient, ns: string, name: string): Promise<any | undefined> {
  const r = await client.request('GET', `${podsPath(ns)}/${encodeURIComponent(name)}`);
  return r.status === 404 ? undefined : check(r, `get pod ${name}`, [200]).body;
}
