// Stand-ins for what a cluster running an example would get from outside the app: the External Secrets operator's
// Secrets and the Secrets and ConfigMaps a team provides. Each is created only when absent.
import { randomBytes } from 'crypto';
import { RunningTarget } from './target';
import { ExternalReference } from '../../src/private/external';
import { Manifest } from '../apiserver/client';

/** Stand-in for the External Secrets operator: the Secret each generator-backed ExternalSecret would produce. */
export async function externalSecretStandIns(target: RunningTarget, objects: Manifest[]): Promise<number> {
  let n = 0;
  for (const es of objects.filter(o => o.kind === 'ExternalSecret')) {
    const ns = es.metadata.namespace!;
    const name = es.spec.target?.name ?? es.metadata.name;
    if ((await target.client.request('GET', `/api/v1/namespaces/${ns}/secrets/${name}`)).status === 200) continue;
    const password = randomBytes(48).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
    const data = Object.fromEntries(Object.entries(es.spec.target?.template?.data ?? {}).map(([k, v]) =>
      [k, Buffer.from(String(v).replace('{{ .password }}', password)).toString('base64')]));
    await target.client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: ns,
        labels: es.spec.target?.template?.metadata?.labels,
      },
      data,
    } as Manifest, { fieldManager: 'external-secrets-stand-in' });
    n++;
  }
  return n;
}

/**
 * Stand-ins for what the team provides outside the app (a Secret with a log service's key, an env ConfigMap): the
 * objects the constructs declare external, with every key the pods read from them, unless the cluster creates them
 * (credentials Secrets, External Secrets targets) or they exist already.
 */
export async function userProvidedStandIns(target: RunningTarget, objects: Manifest[], refs: ExternalReference[],
  createdInCluster: Set<string>): Promise<number> {
  let n = 0;
  for (const ref of refs.filter(r => r.kind === 'Secret' || r.kind === 'ConfigMap')) {
    const ns = ref.namespace ?? defaultNamespaceOf(objects);
    if (createdInCluster.has(`${ns}/${ref.name}`)) continue;
    const path = `/api/v1/namespaces/${ns}/${ref.kind === 'Secret' ? 'secrets' : 'configmaps'}/${ref.name}`;
    if ((await target.client.request('GET', path)).status === 200) continue;
    const keys = new Set<string>();
    JSON.stringify(objects, (_key, v) => {
      const sel = v?.secretKeyRef ?? v?.configMapKeyRef;
      if (sel?.name === ref.name && sel.key) keys.add(sel.key);
      return v;
    });
    const data = Object.fromEntries([...keys].map(k => [k, ref.kind === 'Secret' ? Buffer.from('stand-in').toString('base64') : 'stand-in']));
    await target.client.apply({ apiVersion: 'v1', kind: ref.kind, metadata: { name: ref.name, namespace: ns }, data } as Manifest,
      { fieldManager: 'cdk8s-postgres-test-tier' });
    n++;
  }
  return n;
}

const defaultNamespaceOf = (objects: Manifest[]) => objects.find(o => o.metadata.namespace)?.metadata.namespace ?? 'default';
