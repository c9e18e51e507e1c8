/*
 * ConfigMaps that are the same for every cluster of a namespace (the Jobs' scripts, a built-in sidecar's
 * configuration): emitted once per app and namespace, in the chart of the first cluster that needs it, and named
 * after their content, `<prefix>-<10 hex of the sha256 of the data>`. One copy per app, not per chart: kustomize
 * (and so Flux) refuses two objects with one id, and cdk8s would stamp each chart's labels on its copy. A chart
 * without a namespace gets its own copy, since each such chart may be applied to a different namespace.
 * Pods and Jobs mount them by name: new content is a new name, so a change reaches them (a rollout, a new Job)
 * instead of waiting for their next restart.
 */
import { createHash } from 'crypto';
import { ApiObjectMetadata, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { declareExternal } from './external';
import { kubeObject } from './kube-object';

/** Fixed library labels: the object serves every cluster of the namespace, so it carries none of theirs. */
export const NAMESPACE_CONFIG_LABELS: Readonly<Record<string, string>> = Object.freeze({ 'app.kubernetes.io/name': 'cdk8s-postgres' });

interface Entry {
  readonly chart: Chart;
  readonly id: string;
  /** The clusters (their constructs) that mount it: the last one out removes it. */
  readonly users: Set<IConstruct>;
}

/** Per app (construct tree root): emitted ConfigMaps by namespace and name. */
const EMITTED = new WeakMap<IConstruct, Map<string, Entry>>();
/** Names already computed, by files object: a fleet sidecar's files are hashed once, not once per cluster. */
const NAMES = new WeakMap<object, Map<string, string>>();

/** `prefix-<10 hex>` of the sha256 of `files` as sorted JSON (key order never changes the name). */
export function contentName(prefix: string, files: Readonly<Record<string, string>>): string {
  let byPrefix = NAMES.get(files);
  if (!byPrefix) NAMES.set(files, byPrefix = new Map());
  let name = byPrefix.get(prefix);
  if (name === undefined) {
    const sorted = Object.fromEntries(Object.keys(files).sort().map(k => [k, files[k]]));
    name = `${prefix}-${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 10)}`;
    byPrefix.set(prefix, name);
  }
  return name;
}

export interface NamespaceConfigMap {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  /** `app.kubernetes.io/component`. */
  readonly component: string;
  readonly annotations?: Record<string, string>;
}

/** Emits the ConfigMap for `user` (a construct of a cluster that mounts it), once per app and namespace. */
export function useNamespaceConfigMap(user: IConstruct, namespace: string | undefined, cm: NamespaceConfigMap): void {
  const chart = Chart.of(user);
  const { key, id, ns } = where(chart, namespace, cm.name);
  let emitted = EMITTED.get(user.node.root);
  if (!emitted) EMITTED.set(user.node.root, emitted = new Map());
  const entry = emitted.get(key);
  if (entry) {
    entry.users.add(user);
    // Emitted with another chart's objects: for this chart's file it is an object of the namespace, not its own.
    if (entry.chart !== chart) declareExternal(user, 'ConfigMap', ns, cm.name);
    return;
  }
  const metadata: ApiObjectMetadata = {
    name: cm.name,
    namespace: ns,
    labels: { ...NAMESPACE_CONFIG_LABELS, 'app.kubernetes.io/component': cm.component },
    ...(cm.annotations ? { annotations: { ...cm.annotations } } : {}),
  };
  kubeObject(chart, id, k8s.KubeConfigMap.GVK, metadata, { immutable: true, data: { ...cm.data } });
  emitted.set(key, { chart, id, users: new Set([user]) });
}

/** `user` no longer mounts it; the ConfigMap goes when no cluster of the app does. */
export function releaseNamespaceConfigMap(user: IConstruct, namespace: string | undefined, name: string): void {
  const emitted = EMITTED.get(user.node.root);
  const { key } = where(Chart.of(user), namespace, name);
  const entry = emitted?.get(key);
  if (!entry) return;
  entry.users.delete(user);
  if (entry.users.size > 0) return;
  entry.chart.node.tryRemoveChild(entry.id);
  emitted!.delete(key);
}

function where(chart: Chart, namespace: string | undefined, name: string) {
  const ns = namespace ?? chart.namespace;
  // Namespaces are DNS labels and names DNS subdomains: neither holds a space or a path separator.
  return ns === undefined
    ? { key: `chart ${chart.node.path} ${name}`, id: `PostgresNamespaceConfig-${name}`, ns }
    : { key: `namespace ${ns} ${name}`, id: `PostgresNamespaceConfig-${ns}-${name}`, ns };
}
