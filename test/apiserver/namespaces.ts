// Fresh namespaces for each example, labelled so the PodSecurity admission plugin warns at level `restricted`.
// Example names must stay exactly as the example wrote them, so an existing namespace is deleted and recreated.
import { describe, KubeClient, Manifest } from './client';

export const POD_SECURITY_LABELS: Record<string, string> = {
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
};

// These cannot be deleted; they are only labelled.
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const nsObject = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export class Namespaces {
  private readonly applied = new Map<string, Manifest[]>();

  /**
   * @param local our own apiserver without kube-controller-manager: no namespace controller empties and
   *   finalizes a deleted namespace, so this class does it for the objects it was told about (track()).
   */
  constructor(private readonly client: KubeClient, private readonly local: boolean) {}

  /** Remember an object applied into a namespace, so a later fresh() can remove it on a local server. */
  track(obj: Manifest): void {
    const ns = obj.metadata.namespace;
    if (!ns) return;
    const list = this.applied.get(ns) ?? [];
    if (!list.some(o => describe(o) === describe(obj))) list.push(obj);
    this.applied.set(ns, list);
  }

  async fresh(name: string): Promise<void> {
    if (!UNDELETABLE.has(name) && await this.client.get(nsObject(name))) await this.remove(name);
    // A field manager of its own: an example that ships its own Namespace object applies it as cdk8s-postgres,
    // which must not remove these labels (a manager's apply drops the fields it owned and no longer sends).
    await this.client.apply({ ...nsObject(name), metadata: { name, labels: POD_SECURITY_LABELS } },
      { fieldManager: 'cdk8s-postgres-test-tier' });
  }

  private async remove(name: string): Promise<void> {
    if (this.local) {
      for (const obj of this.applied.get(name) ?? []) await this.client.delete(obj);
      this.applied.delete(name);
    }
    await this.client.delete(nsObject(name));
    if (this.local) {
      // What the namespace controller does once the namespace is empty: drop the `kubernetes` finalizer.
      const current = await this.client.get(nsObject(name));
      if (current) {
        const r = await this.client.request('PUT', `/api/v1/namespaces/${name}/finalize`,
          { ...current, spec: { ...current.spec, finalizers: [] } });
        if (r.status !== 200) throw new Error(`finalize namespace ${name}: HTTP ${r.status} ${r.body?.message}`);
      }
    }
    const deadline = Date.now() + 180_000;
    while (await this.client.get(nsObject(name))) {
      if (Date.now() > deadline) throw new Error(`namespace ${name} still exists 180 s after deletion`);
      await new Promise(r => setTimeout(r, 500));
    }
  }
}
