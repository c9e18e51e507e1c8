// The report and its structs are part of this API (one export line in src/index.ts).
export * from './plan-report';
export * from './plan-structs';

import { analyseCluster } from './cluster-analysis';
import { ClusterObjects, groupByCluster } from './cluster-grouping';
import { immutableFieldBlockers } from './immutable-fields';
import { Manifest, objectLabel, parseManifests, readManifestDirectory } from './manifests';
import { objectChanges, pairObjects } from './object-changes';
import { PlanReport } from './plan-report';
import { ChangeKind, ClusterChange, PlanBlocker } from './plan-structs';

/**
 * Says, before anything is applied, what a change to the synthesized output does to the running clusters: the pods
 * that roll and why, restarts and switchovers in order, settings applied live or with a restart, volume growth,
 * version upgrades, users and databases, rotated credentials, the Jobs that run, and the blockers Kubernetes or the
 * cluster would refuse. Objects the library did not make are compared object by object.
 */
export class ClusterPlan {
  /**
   * Compares two directories of synthesized manifests (`*.yaml`, multi-document, searched recursively).
   * @param beforeDir what is applied today (the base branch's output)
   * @param afterDir what will be applied (the change's output)
   */
  public static compare(beforeDir: string, afterDir: string): PlanReport {
    return ClusterPlan.compareObjects(readManifestDirectory(beforeDir), readManifestDirectory(afterDir));
  }

  /**
   * Compares two multi-document YAML texts.
   * @param beforeYaml what is applied today
   * @param afterYaml what will be applied
   */
  public static compareYaml(beforeYaml: string, afterYaml: string): PlanReport {
    return ClusterPlan.compareObjects(parseManifests(beforeYaml, 'before'), parseManifests(afterYaml, 'after'));
  }

  /**
   * Compares two lists of Kubernetes objects (as `Chart.toJson()` returns them).
   * @param before what is applied today
   * @param after what will be applied
   */
  public static compareObjects(before: any[], after: any[]): PlanReport {
    const b = groupByCluster(before as Manifest[]);
    const a = groupByCluster(after as Manifest[]);
    const keys = [...new Set([...b.clusters.keys(), ...a.clusters.keys()])].sort();
    const clusters = keys.map(k => analyseCluster(b.clusters.get(k), a.clusters.get(k)));
    flagRenames(clusters, b.clusters, a.clusters);
    const pairs = pairObjects([...b.shared, ...b.other], [...a.shared, ...a.other]);
    const blockers: PlanBlocker[] = [];
    for (const p of pairs) if (p.before && p.after) blockers.push(...immutableFieldBlockers(p.before, p.after));
    return new PlanReport({ clusters, objects: objectChanges(pairs), blockers, notes: sharedNotes(pairs) });
  }

  private constructor() {}
}

/** What a new version of the library's shared ConfigMaps (one per namespace, content-named) means. */
function sharedNotes(pairs: ReturnType<typeof pairObjects>): string[] {
  const notes: string[] = [];
  for (const { before, after } of pairs) {
    if (before || after?.kind !== 'ConfigMap' || after.metadata.labels?.['app.kubernetes.io/name'] !== 'cdk8s-postgres') continue;
    const component = after.metadata.labels['app.kubernetes.io/component'];
    const ns = after.metadata.namespace ?? '';
    const replaced = pairs.find(p => p.before && !p.after && p.before.metadata.namespace === after.metadata.namespace
      && p.before.metadata.labels?.['app.kubernetes.io/component'] === component)?.before?.metadata.name;
    if (!replaced) continue;
    const what = component === 'scripts' ? 'the library\'s Job programs changed (a new library version): the Jobs that mount them have new names and run once'
      : component === 'hooks' ? 'the members\' preStop hook changed (a new library version): the members roll'
        : 'a shared file of the library changed: the pods or Jobs that mount it roll or run again';
    notes.push(`${ns}: ConfigMap ${after.metadata.name} replaces ${replaced}: ${what}`);
  }
  return notes;
}

/**
 * A cluster removed while another is created in the same namespace (a rename), or the same name removed from one
 * namespace and created in another (a move), starts an empty cluster and orphans the old one's data.
 */
function flagRenames(clusters: ClusterChange[], before: Map<string, ClusterObjects>, after: Map<string, ClusterObjects>) {
  const removed = clusters.filter(c => c.change === ChangeKind.REMOVED);
  const created = clusters.filter(c => c.change === ChangeKind.CREATED);
  for (const c of created) {
    const moved = removed.find(r => r.name === c.name);
    const renamed = removed.find(r => r.namespace === c.namespace);
    const old = moved ?? renamed;
    if (!old) continue;
    const sts = after.get(`${c.namespace}/${c.name}`)!.statefulSet;
    const oldSts = before.get(`${old.namespace}/${old.name}`)!.statefulSet;
    c.blockers.push(moved ? {
      cluster: `${c.namespace}/${c.name}`,
      object: objectLabel(sts),
      field: 'metadata.namespace',
      problem: `the cluster moves from namespace ${old.namespace} to ${c.namespace}: a new, empty cluster starts in ${c.namespace}; the data stays in ${old.namespace} (claims pgdata-${old.name}-*), orphaned`,
      remedy: 'keep the namespace; to move, restore a backup into the new namespace (clone), then remove the old cluster in a later change',
    } : {
      cluster: `${c.namespace}/${c.name}`,
      object: objectLabel(sts),
      field: 'metadata.name',
      problem: `${objectLabel(oldSts)} is removed and ${c.name} created in the same namespace: if this is a rename, ${c.name} starts empty and ${old.name}'s data (claims pgdata-${old.name}-*) is orphaned`,
      remedy: `keep the name (\`name\` prop) to keep the data; to rename, create ${c.name} as a clone of ${old.name}, then remove ${old.name} in a later change`,
    });
  }
}
