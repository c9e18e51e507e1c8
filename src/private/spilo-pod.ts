import { k8s } from 'cdk8s-plus-28';
import { assertDns1123Label, assertSubPath, CONTROL_CHARACTER, fail, failConflict } from './validation';
import { AdditionalVolume } from '../cluster/additional-volume';
import { PodAntiAffinityOptions } from '../cluster/scheduling';

export const PGDATA_MOUNT_PATH = '/home/postgres/pgdata';
export const POSTGRES_CONTAINER = 'postgres';
/** The socket directory volume the operator shares with sidecars (`share_pgsocket_with_sidecars`). */
export const RUN_VOLUME = 'postgresql-run';
export const RUN_MOUNT_PATH = '/var/run/postgresql';

export interface SpiloPodInput {
  readonly selectorLabels: Record<string, string>;
  readonly objectLabels: Record<string, string>;
  readonly antiAffinity?: PodAntiAffinityOptions;
  readonly nodeAffinity?: k8s.NodeAffinity;
  readonly nodeReadinessLabel?: Record<string, string>;
  readonly nodeReadinessLabelMerge: string;
  readonly topologySpreadConstraints: k8s.TopologySpreadConstraint[];
}

/** The operator's affinity: optional pod anti-affinity on the object labels, plus node affinity. */
export function spiloAffinity(input: SpiloPodInput): k8s.Affinity | undefined {
  const nodeAffinity = mergeReadinessLabel(input.nodeAffinity, input.nodeReadinessLabel, input.nodeReadinessLabelMerge);
  let podAntiAffinity: k8s.PodAntiAffinity | undefined;
  const anti = input.antiAffinity;
  if (anti && anti.enabled !== false) {
    const term: k8s.PodAffinityTerm = {
      // Deviation: the selector labels, not the operator's object labels, so that pods keep repelling
      // each other while a rolling update changes an extra label.
      labelSelector: { matchLabels: input.selectorLabels },
      topologyKey: anti.topologyKey ?? 'kubernetes.io/hostname',
    };
    podAntiAffinity = anti.preferred
      ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] }
      : { requiredDuringSchedulingIgnoredDuringExecution: [term] };
  }
  if (!nodeAffinity && !podAntiAffinity) return undefined;
  return { ...(podAntiAffinity ? { podAntiAffinity } : {}), ...(nodeAffinity ? { nodeAffinity } : {}) };
}

function mergeReadinessLabel(
  own: k8s.NodeAffinity | undefined, label: Record<string, string> | undefined, merge: string,
): k8s.NodeAffinity | undefined {
  if (!label || Object.keys(label).length === 0) return own;
  const expressions = Object.keys(label).sort().map(key => ({ key, operator: 'In', values: [label[key]] }));
  const required = own?.requiredDuringSchedulingIgnoredDuringExecution;
  let terms: k8s.NodeSelectorTerm[];
  if (!required || required.nodeSelectorTerms.length === 0) {
    terms = [{ matchExpressions: expressions }];
  } else if (merge === 'AND') {
    terms = required.nodeSelectorTerms.map(t => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), ...expressions] }));
  } else {
    terms = [...required.nodeSelectorTerms, { matchExpressions: expressions }];
  }
  return { ...own, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } };
}

/** Topology spread constraints; the cluster's selector labels fill a missing labelSelector. */
export function spreadConstraints(input: SpiloPodInput): k8s.TopologySpreadConstraint[] | undefined {
  if (input.topologySpreadConstraints.length === 0) return undefined;
  return input.topologySpreadConstraints.map(c => ({
    ...c, labelSelector: c.labelSelector ?? { matchLabels: input.selectorLabels },
  }));
}

export interface VolumeLayout {
  readonly volumes: k8s.Volume[];
  /** Mounts per container name (a volume for `all` is listed under every container passed in). */
  readonly mounts: Map<string, k8s.VolumeMount[]>;
}

/**
 * Volumes and mounts of the operator's layout: dshm, the shared socket directory
 * (`share_pgsocket_with_sidecars`, mounted in every container), then additional volumes.
 */
export function volumeLayout(shm: boolean, additional: AdditionalVolume[], containers: string[], socketContainers: string[] = [],
  reserved: string[] = []): VolumeLayout {
  const shareSocket = socketContainers.length > 0;
  const volumes: k8s.Volume[] = [];
  const mounts = new Map<string, k8s.VolumeMount[]>();
  const add = (container: string, mount: k8s.VolumeMount) => mounts.set(container, [...(mounts.get(container) ?? []), mount]);
  if (shm) {
    volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory' } });
    add(POSTGRES_CONTAINER, { name: 'dshm', mountPath: '/dev/shm' });
  }
  if (shareSocket) {
    volumes.push({ name: RUN_VOLUME, emptyDir: { medium: 'Memory' } });
    // Deviation: the operator mounts it in every container; Spilo trusts the socket, so only postgres and the
    // sidecars that share it on purpose get it.
    for (const c of [POSTGRES_CONTAINER, ...socketContainers]) add(c, { name: RUN_VOLUME, mountPath: RUN_MOUNT_PATH });
  }
  const paths = new Set([PGDATA_MOUNT_PATH, ...(shm ? ['/dev/shm'] : []), ...(shareSocket ? [RUN_MOUNT_PATH] : [])]);
  const volumeNames = new Set(['pgdata', ...volumes.map(v => v.name), ...reserved]);
  additional.forEach((av, i) => {
    const prop = `additionalVolumes[${i}]`;
    if (!av.volume?.name) fail(`${prop}.volume.name`, av.volume?.name, 'a volume name');
    assertDns1123Label(`${prop}.volume.name`, av.volume.name);
    if (av.subPathIsExpression && !av.subPath) failConflict(`${prop}.subPathIsExpression`, `needs ${prop}.subPath, the expression`);
    if (volumeNames.has(av.volume.name)) fail(`${prop}.volume.name`, av.volume.name, `a name not used by another volume (${[...volumeNames].join(', ')})`);
    if (!av.mountPath?.startsWith('/')) fail(`${prop}.mountPath`, av.mountPath, 'an absolute path');
    assertMountPath(`${prop}.mountPath`, av.mountPath);
    if (paths.has(av.mountPath)) fail(`${prop}.mountPath`, av.mountPath, 'a path no other volume is mounted at (pgdata lives at /home/postgres/pgdata)');
    assertSubPath(`${prop}.subPath`, av.subPath);
    // Like the operator, an empty list means the postgres container (not "nowhere").
    const targets = av.targetContainers?.length ? av.targetContainers : [POSTGRES_CONTAINER];
    if (targets.includes('all') && targets.length > 1) fail(`${prop}.targetContainers`, targets, "either ['all'] or a list of container names");
    for (const t of targets) {
      if (t !== 'all' && !containers.includes(t)) fail(`${prop}.targetContainers`, t, `'all' or one of the pod's containers (${containers.join(', ')})`);
    }
    volumeNames.add(av.volume.name);
    paths.add(av.mountPath);
    volumes.push(av.volume);
    const mount: k8s.VolumeMount = {
      name: av.volume.name,
      mountPath: av.mountPath,
      ...(av.subPath ? (av.subPathIsExpression ? { subPathExpr: av.subPath } : { subPath: av.subPath }) : {}),
      ...(av.readOnly ? { readOnly: true } : {}),
    };
    // 'all' expands here so every container's mounts keep the volumes' order, as the operator's addAdditionalVolumes.
    for (const t of targets[0] === 'all' ? containers : targets) add(t, mount);
  });
  return { volumes, mounts };
}

/** Paths a volume must not cover or go inside: PGDATA (lost or shadowed data) and the ServiceAccount token. */
/** Paths the library mounts itself: pgdata, the API token, and the hooks and scripts under /etc/cdk8s-postgres. */
const PROTECTED_PATHS = [PGDATA_MOUNT_PATH, '/var/run/secrets/kubernetes.io', '/run/secrets/kubernetes.io', '/etc/cdk8s-postgres'];

export function assertMountPath(prop: string, path: string): void {
  if (CONTROL_CHARACTER.test(path) || path.split('/').some(part => part === '..' || part === '.') || /\/\/|.\/$/.test(path)) {
    fail(prop, path, 'a normalized absolute path (no "..", ".", "//" or trailing "/")');
  }
  for (const p of PROTECTED_PATHS) {
    if (path === '/' || path === p || path.startsWith(p + '/') || p.startsWith(path + '/')) fail(prop, path, `a path that neither covers nor goes inside ${p}`);
  }
}
