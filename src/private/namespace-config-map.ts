/*
 * ConfigMaps that are the same for every cluster of a namespace (a built-in sidecar's configuration), emitted once
 * per chart and namespace and named after their content: `<prefix>-<10 hex of the sha256 of the data>`. Every copy
 * is byte-identical (fixed library labels, nothing per cluster), so two charts deploying to one namespace emit the
 * same object. The pods mount it by name: new content is a new name, so a change reaches the pods (a rollout)
 * instead of waiting for their next restart.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { kubeObject } from './kube-object';
import { contentName } from './shared-scripts';

/** The clusters of a chart that use each namespace ConfigMap, by construct id: the last one out removes it. */
const USERS = new WeakMap<Chart, Map<string, Set<Construct>>>();

/** Names already computed, by files object: a fleet sidecar's files are hashed once, not once per cluster. */
const NAMES = new WeakMap<object, Map<string, string>>();

/** The name a namespace ConfigMap with these files gets. */
export function namespaceConfigMapName(prefix: string, data: Readonly<Record<string, string>>): string {
  let byPrefix = NAMES.get(data);
  if (!byPrefix) NAMES.set(data, byPrefix = new Map());
  let name = byPrefix.get(prefix);
  if (name === undefined) byPrefix.set(prefix, name = contentName(prefix, data));
  return name;
}

/** Emits (once per chart and namespace) the ConfigMap `name` with `data` for `user`, a cluster that mounts it. */
export function useNamespaceConfigMap(
  user: Construct, namespace: string | undefined, name: string, data: Readonly<Record<string, string>>, component: string,
): void {
  const chart = Chart.of(user);
  const id = idOf(chart, namespace, name);
  let byId = USERS.get(chart);
  if (!byId) USERS.set(chart, byId = new Map());
  let users = byId.get(id);
  if (!users) byId.set(id, users = new Set());
  users.add(user);
  if (chart.node.tryFindChild(id) === undefined) {
    kubeObject(chart, id, k8s.KubeConfigMap.GVK, {
      name,
      namespace: namespace ?? chart.namespace,
      labels: { 'app.kubernetes.io/name': 'cdk8s-postgres', 'app.kubernetes.io/component': component },
    }, { immutable: true, data: { ...data } });
  }
}

/** `user` no longer mounts it; the ConfigMap goes when no cluster of the chart does. */
export function releaseNamespaceConfigMap(user: Construct, namespace: string | undefined, name: string): void {
  const chart = Chart.of(user);
  const id = idOf(chart, namespace, name);
  const users = USERS.get(chart)?.get(id);
  users?.delete(user);
  if (users?.size === 0) chart.node.tryRemoveChild(id);
}

function idOf(chart: Chart, namespace: string | undefined, name: string): string {
  const ns = namespace ?? chart.namespace;
  return ns === undefined ? `PostgresNamespaceConfig-${name}` : `PostgresNamespaceConfig-${ns}-${name}`;
}
