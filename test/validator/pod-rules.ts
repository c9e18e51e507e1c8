/**
 * Pod spec rules the API server (or the kubelet, later and worse) enforces
 * beyond the schema: container and volume names and uniqueness, one source
 * per volume, restart policy per controller. Volume sources, tolerations,
 * scheduling, security contexts, env and other per-container rules have files
 * of their own.
 */

import { checkMounts, checkPorts, checkProbes, checkResources } from './container-rules';
import { checkEnv } from './env-rules';
import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { dns1123Label } from './names';
import { checkScheduling } from './scheduling-rules';
import { checkContainerSecurityContext, checkPodSecurityContext } from './security-rules';
import { checkTolerations } from './toleration-rules';
import { checkVolumeSource } from './volume-rules';

interface ContainerAt {
  readonly path: string;
  readonly c: Record<string, any>;
  /** ephemeral containers have no ports or probes and are not part of a template */
  readonly group: 'containers' | 'initContainers' | 'ephemeralContainers';
}

function containersOf(spec: Record<string, any>, path: string): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const group of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    list(spec[group]).forEach((c, i) => {
      if (isObject(c)) out.push({ path: index(field(path, group), i), c, group });
    });
  }
  return out;
}

/** Restart policies each controller accepts for its pod template. */
const RESTART_POLICIES: Record<string, readonly string[]> = {
  Deployment: ['Always'],
  StatefulSet: ['Always'],
  DaemonSet: ['Always'],
  ReplicaSet: ['Always'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
};

/**
 * @param kind the owning object's kind
 * @param claimNames volumeClaimTemplates names (StatefulSet), which also back mounts
 */
export function checkPodSpec(spec: unknown, path: string, kind: string, claimNames: readonly string[], sink: IssueSink): void {
  if (!isObject(spec)) return;
  const containers = containersOf(spec, path);
  if (list(spec.containers).length === 0) sink.add(field(path, 'containers'), 'pod/no-containers', 'a pod needs at least one container');

  const allowed = RESTART_POLICIES[kind];
  if (allowed) {
    // "" is unset too: the API server defaults it to Always
    const rp = spec.restartPolicy || 'Always';
    if (!allowed.includes(rp)) {
      sink.add(field(path, 'restartPolicy'), 'pod/restart-policy', `${kind} pods must have restartPolicy ${allowed.join(' or ')}, not ${JSON.stringify(rp)}`);
    }
  }

  // volumes: names and uniqueness; mounts below must name one of them (or a claim template)
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string') return;
    const p = field(index(field(path, 'volumes'), i), 'name');
    const bad = dns1123Label(v.name);
    if (bad) sink.add(p, 'pod/volume-name', `volume name ${JSON.stringify(v.name)} ${bad}`);
    if (volumes.has(v.name)) sink.add(p, 'pod/duplicate-volume', `duplicate volume name ${JSON.stringify(v.name)}`);
    volumes.add(v.name);
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
    if (sources.length !== 1) {
      sink.add(index(field(path, 'volumes'), i), 'pod/volume-source', `volume ${JSON.stringify(v.name)} needs exactly one source, has ${sources.length ? sources.join(', ') : 'none'}`);
    }
    checkVolumeSource(v, index(field(path, 'volumes'), i), sink);
  });
  checkTolerations(spec.tolerations, field(path, 'tolerations'), sink);
  checkPodSecurityContext(spec.securityContext, field(path, 'securityContext'), sink);
  checkScheduling(spec, path, sink);
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2 ** 31 - 1)) {
    sink.add(field(path, 'activeDeadlineSeconds'), 'pod/active-deadline', `activeDeadlineSeconds ${deadline} is not in 1-${2 ** 31 - 1}`);
  }
  const backing = new Set([...volumes, ...claimNames]);

  const containerNames = new Map<string, string>();
  const portNames = new Map<string, string>();
  for (const { path: cp, c, group } of containers) {
    if (typeof c.name === 'string') {
      const bad = dns1123Label(c.name);
      if (bad) sink.add(field(cp, 'name'), 'pod/container-name', `container name ${JSON.stringify(c.name)} ${bad}`);
      const first = containerNames.get(c.name);
      if (first) sink.add(field(cp, 'name'), 'pod/duplicate-container', `container name ${JSON.stringify(c.name)} is already used at ${first}`);
      else containerNames.set(c.name, cp);
    }
    if (group !== 'ephemeralContainers' && (typeof c.image !== 'string' || c.image === '')) {
      sink.add(field(cp, 'image'), 'pod/image', 'image is required');
    }
    checkMounts(c, cp, backing, sink);
    checkEnv(c, cp, sink);
    const ownPorts = checkPorts(c, cp, portNames, sink);
    checkProbes(c, cp, ownPorts, sink);
    checkResources(c, cp, sink);
    checkContainerSecurityContext(c.securityContext, field(cp, 'securityContext'), spec.securityContext, sink);
  }
}
