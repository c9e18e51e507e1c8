/*
 * Scripts that are the same for every cluster (the sync's SQL helpers, the credentials, rollout and dynamic configuration programs), in
 * one ConfigMap per app and namespace that the Jobs of every cluster there mount, instead of a copy in each
 * cluster's objects (see namespace-config-map.ts for where it is emitted).
 *
 * Its name is `cdk8s-postgres-scripts-<first 10 hex of the sha256 of its data>`, and its data is the fixed set
 * SHARED_SCRIPT_FILES of this library version, whatever the clusters use. A new library version that changes a
 * script gets a new name, and so new Job names (the Jobs mount it by name and their names hash their spec): the
 * Jobs run again with the new scripts.
 */
import { Construct } from 'constructs';
import { DYNAMIC_CONFIGURATION_SCRIPT, DYNAMIC_CONFIGURATION_SCRIPT_FILE } from './dynamic-configuration-script';
import { contentName, NAMESPACE_CONFIG_LABELS, useNamespaceConfigMap } from './namespace-config-map';
import { ROLLOUT_SCRIPT, ROLLOUT_SCRIPT_FILE } from './rollout-script';
import { CREDENTIALS_SCRIPT, CREDENTIALS_SCRIPT_FILE } from '../users/credentials-script';
import { SYNC_LIBRARY, SYNC_LIBRARY_FILE } from '../users/sync-library';

/** Where every Job mounts the shared ConfigMap. */
export const SHARED_SCRIPTS_DIR = '/etc/cdk8s-postgres/shared';

/** The ConfigMap's data: file name (a ConfigMap key) to content. Add a script here to share it. */
export const SHARED_SCRIPT_FILES: Readonly<Record<string, string>> = Object.freeze({
  [CREDENTIALS_SCRIPT_FILE]: CREDENTIALS_SCRIPT,
  [DYNAMIC_CONFIGURATION_SCRIPT_FILE]: DYNAMIC_CONFIGURATION_SCRIPT,
  [ROLLOUT_SCRIPT_FILE]: ROLLOUT_SCRIPT,
  [SYNC_LIBRARY_FILE]: SYNC_LIBRARY,
});

/** The labels of the ConfigMap. */
export const SHARED_SCRIPTS_LABELS: Readonly<Record<string, string>> = Object.freeze({
  ...NAMESPACE_CONFIG_LABELS,
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

export { contentName };

let configMapName: string | undefined;

/**
 * The shared scripts ConfigMap in `namespace` (undefined: the chart's), emitted for the first cluster of the app
 * that needs it there; later clusters, in that chart or another, get the same one.
 */
export function sharedScripts(scope: Construct, namespace: string | undefined): SharedScripts {
  configMapName ??= contentName('cdk8s-postgres-scripts', SHARED_SCRIPT_FILES);
  const name = configMapName;
  useNamespaceConfigMap(scope, namespace, {
    name,
    data: SHARED_SCRIPT_FILES,
    component: 'scripts',
    annotations: { 'argocd.argoproj.io/sync-wave': SHARED_SCRIPTS_SYNC_WAVE },
  });
  return {
    configMapName: name,
    volume: volumeName => ({ name: volumeName, configMap: { name } }),
  };
}
