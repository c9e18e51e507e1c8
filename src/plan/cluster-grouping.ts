import { Manifest } from './manifests';

/** One database cluster's objects in one output. */
export interface ClusterObjects {
  readonly name: string;
  readonly namespace: string;
  readonly statefulSet: Manifest;
  /** Every object of the cluster, the StatefulSet included. */
  readonly objects: Manifest[];
}

/** One output split into clusters, objects the library shares per namespace, and everything else. */
export interface GroupedOutput {
  /** By `namespace/name`. */
  readonly clusters: Map<string, ClusterObjects>;
  readonly shared: Manifest[];
  readonly other: Manifest[];
}

export const clusterKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** The Spilo container of a StatefulSet's pod template (the one with `SCOPE`), if it is a Spilo StatefulSet. */
export function spiloContainer(sts: Manifest): any {
  const containers: any[] = sts.spec?.template?.spec?.containers ?? [];
  return containers.find(c => (c.env ?? []).some((e: any) => e.name === 'SCOPE'));
}

/** A plain env value of a container. */
export function envValue(container: any, name: string): string | undefined {
  const v = (container?.env ?? []).find((e: any) => e.name === name)?.value;
  return v === undefined ? undefined : String(v);
}

const SHARED_LABEL = 'app.kubernetes.io/name';

/**
 * Groups objects by cluster: a cluster is a StatefulSet running Spilo (named by its `SCOPE`); its objects carry the
 * scope label (`KUBERNETES_SCOPE_LABEL`, `cluster-name` by default) with its name, in its namespace or, for objects
 * it writes elsewhere (credentials copied to other namespaces), anywhere when the name is unique.
 */
export function groupByCluster(objects: Manifest[]): GroupedOutput {
  const clusters = new Map<string, ClusterObjects>();
  const scopeLabels = new Map<string, string>();
  for (const o of objects) {
    if (o.kind !== 'StatefulSet') continue;
    const spilo = spiloContainer(o);
    if (!spilo) continue;
    const name = envValue(spilo, 'SCOPE') ?? o.metadata.name;
    const namespace = o.metadata.namespace ?? '';
    const key = clusterKey(namespace, name);
    clusters.set(key, { name, namespace, statefulSet: o, objects: [] });
    scopeLabels.set(key, envValue(spilo, 'KUBERNETES_SCOPE_LABEL') ?? 'cluster-name');
  }
  const byName = new Map<string, string[]>();
  for (const [key, c] of clusters) byName.set(c.name, [...(byName.get(c.name) ?? []), key]);
  const owner = (o: Manifest): ClusterObjects | undefined => {
    const labels = o.metadata.labels ?? {};
    const here = [...clusters.entries()].find(([key, c]) => c.namespace === (o.metadata.namespace ?? '') && labels[scopeLabels.get(key)!] === c.name);
    if (here) return here[1];
    const candidates = [...clusters.entries()].filter(([key, c]) => labels[scopeLabels.get(key)!] === c.name);
    return candidates.length === 1 && byName.get(candidates[0][1].name)!.length === 1 ? candidates[0][1] : undefined;
  };
  const shared: Manifest[] = [];
  const other: Manifest[] = [];
  for (const o of objects) {
    const c = [...clusters.values()].find(x => x.statefulSet === o) ?? owner(o);
    if (c) c.objects.push(o);
    else if (o.metadata.labels?.[SHARED_LABEL] === 'cdk8s-postgres') shared.push(o);
    else other.push(o);
  }
  return { clusters, shared, other };
}
