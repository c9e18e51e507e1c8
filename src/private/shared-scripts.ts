/*
 * Scripts that are the same for every cluster (the sync's SQL helpers, the credentials and rollout programs),
 * emitted once per chart and namespace as one ConfigMap that the Jobs of every cluster there mount,
 * instead of a copy in each cluster's objects.
 *
 * Its name is `cdk8s-postgres-scripts-<first 10 hex of the sha256 of its data>`, and its data is
 * the fixed set SHARED_SCRIPT_FILES of this library version, whatever the clusters use. So every
 * copy is byte-identical: two charts that deploy to one namespace each emit the same object (same
 * name, data, labels and annotations, nothing per cluster), and applying both is harmless. A new
 * library version that changes a script gets a new name, and so new Job names (the Jobs mount it
 * by name and their names hash their spec): the Jobs run again with the new scripts.
 */
import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { kubeObject } from './kube-object';
import { ROLLOUT_SCRIPT, ROLLOUT_SCRIPT_FILE } from './rollout-script';
import { CREDENTIALS_SCRIPT, CREDENTIALS_SCRIPT_FILE } from '../users/credentials-script';
import { SYNC_LIBRARY, SYNC_LIBRARY_FILE } from '../users/sync-library';

/** Where every Job mounts the shared ConfigMap. */
export const SHARED_SCRIPTS_DIR = '/etc/cdk8s-postgres/shared';

/** The ConfigMap's data: file name (a ConfigMap key) to content. Add a script here to share it. */
export const SHARED_SCRIPT_FILES: Readonly<Record<string, string>> = Object.freeze({
  [CREDENTIALS_SCRIPT_FILE]: CREDENTIALS_SCRIPT,
  [ROLLOUT_SCRIPT_FILE]: ROLLOUT_SCRIPT,
  [SYNC_LIBRARY_FILE]: SYNC_LIBRARY,
});

/** Fixed library labels only: a per-cluster label would make the copies of two charts differ. */
export const SHARED_SCRIPTS_LABELS: Readonly<Record<string, string>> = Object.freeze({
  'app.kubernetes.io/name': 'cdk8s-postgres',
  'app.kubernetes.io/component': 'scripts',
});

/**
 * Argo CD applies lower waves first and waits for them: the ConfigMap exists before the credentials
 * Job (wave -1), the first Job that mounts it, so that Job's pod never waits for its volume.
 */
export const SHARED_SCRIPTS_SYNC_WAVE = '-2';

/** The shared ConfigMap of one chart and namespace. */
export interface SharedScripts {
  /** Its name (the same in every chart and namespace). */
  readonly configMapName: string;
  /** A pod volume of it, named `volumeName`, to mount at SHARED_SCRIPTS_DIR. */
  volume(volumeName: string): { name: string; configMap: { name: string } };
}

/** `name-<10 hex>` of the sha256 of `files` as sorted JSON (key order never changes the name). */
export function contentName(prefix: string, files: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.keys(files).sort().map(k => [k, files[k]]));
  return `${prefix}-${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 10)}`;
}

let configMapName: string | undefined;

/**
 * The shared scripts ConfigMap in `namespace` (undefined: the chart's), created in the chart of
 * `scope` by the first cluster that needs it; later clusters of the chart get the same one.
 */
export function sharedScripts(scope: Construct, namespace: string | undefined): SharedScripts {
  configMapName ??= contentName('cdk8s-postgres-scripts', SHARED_SCRIPT_FILES);
  const name = configMapName;
  const chart = Chart.of(scope);
  const ns = namespace ?? chart.namespace;
  // Namespaces are DNS labels: the id cannot collide with another namespace's, nor hold a path separator.
  const id = ns === undefined ? 'PostgresSharedScripts' : `PostgresSharedScripts-${ns}`;
  if (chart.node.tryFindChild(id) === undefined) {
    kubeObject(chart, id, k8s.KubeConfigMap.GVK, {
      name,
      namespace: ns,
      labels: { ...SHARED_SCRIPTS_LABELS },
      annotations: { 'argocd.argoproj.io/sync-wave': SHARED_SCRIPTS_SYNC_WAVE },
    }, { immutable: true, data: { ...SHARED_SCRIPT_FILES } });
  }
  return {
    configMapName: name,
    volume: volumeName => ({ name: volumeName, configMap: { name } }),
  };
}
