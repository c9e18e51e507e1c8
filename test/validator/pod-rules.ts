/**
 * Pod spec rules the API server (or the kubelet, later and worse) enforces
 * beyond the schema: names, uniqueness, mounts backed by volumes, named probe
 * ports, requests within limits, restart policy per controller.
 */

import { IssueSink, field, index } from './issues';
import { dns1123Label, envVarName, ianaSvcName } from './names';
import { quantityValue } from './quantity';

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

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
    const rp = spec.restartPolicy ?? 'Always';
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
  });
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
  }
}

function checkMounts(c: Record<string, any>, cp: string, backing: ReadonlySet<string>, sink: IssueSink): void {
  const paths = new Map<string, string>();
  list(c.volumeMounts).forEach((m, i) => {
    if (!isObject(m)) return;
    const mp = index(field(cp, 'volumeMounts'), i);
    if (typeof m.name === 'string' && !backing.has(m.name)) {
      sink.add(field(mp, 'name'), 'pod/volume-mount', `volume mount ${JSON.stringify(m.name)} names no volume of the pod${backing.size ? ` (have: ${[...backing].join(', ')})` : ''}`);
    }
    if (typeof m.mountPath === 'string') {
      const first = paths.get(m.mountPath);
      if (first) sink.add(field(mp, 'mountPath'), 'pod/duplicate-mount-path', `mountPath ${JSON.stringify(m.mountPath)} is already mounted at ${first}`);
      else paths.set(m.mountPath, mp);
    }
  });
  list(c.volumeDevices).forEach((d, i) => {
    if (isObject(d) && typeof d.name === 'string' && !backing.has(d.name)) {
      sink.add(field(index(field(cp, 'volumeDevices'), i), 'name'), 'pod/volume-mount', `volume device ${JSON.stringify(d.name)} names no volume of the pod`);
    }
  });
}

/** Duplicate env names are accepted by the API (the last one wins) but always a bug here. */
function checkEnv(c: Record<string, any>, cp: string, sink: IssueSink): void {
  const seen = new Map<string, string>();
  list(c.env).forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string') return;
    const p = field(index(field(cp, 'env'), i), 'name');
    const bad = envVarName(e.name);
    if (bad) sink.add(p, 'pod/env-name', `env var name ${JSON.stringify(e.name)} ${bad}`);
    const first = seen.get(e.name);
    if (first) sink.add(p, 'pod/duplicate-env', `env var ${JSON.stringify(e.name)} is already set at ${first}`);
    else seen.set(e.name, p);
  });
}

/** Port names are unique across the whole pod (Services and probes look them up by name). */
function checkPorts(c: Record<string, any>, cp: string, podPortNames: Map<string, string>, sink: IssueSink): Set<string> {
  const own = new Set<string>();
  list(c.ports).forEach((port, i) => {
    if (!isObject(port) || typeof port.name !== 'string') return;
    const p = field(index(field(cp, 'ports'), i), 'name');
    const bad = ianaSvcName(port.name);
    if (bad) sink.add(p, 'pod/port-name', `port name ${JSON.stringify(port.name)} ${bad}`);
    const first = podPortNames.get(port.name);
    if (first) sink.add(p, 'pod/duplicate-port-name', `port name ${JSON.stringify(port.name)} is already used at ${first}`);
    else podPortNames.set(port.name, p);
    own.add(port.name);
  });
  return own;
}

/** A probe's named port must be a valid name and one of the container's own ports. */
function checkProbes(c: Record<string, any>, cp: string, ownPorts: ReadonlySet<string>, sink: IssueSink): void {
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    for (const handler of ['httpGet', 'tcpSocket']) {
      const port = c[probe]?.[handler]?.port;
      if (typeof port !== 'string') continue;
      const p = field(field(field(cp, probe), handler), 'port');
      const bad = ianaSvcName(port);
      if (bad) sink.add(p, 'pod/probe-port', `probe port ${JSON.stringify(port)} ${bad}`);
      else if (!ownPorts.has(port)) sink.add(p, 'pod/probe-port', `probe port ${JSON.stringify(port)} is not a named port of this container`);
    }
  }
}

function checkResources(c: Record<string, any>, cp: string, sink: IssueSink): void {
  const res = c.resources;
  if (!isObject(res)) return;
  const base = field(cp, 'resources');
  for (const group of ['requests', 'limits']) {
    if (!isObject(res[group])) continue;
    for (const [name, q] of Object.entries(res[group])) {
      const v = quantityValue(q);
      if (v !== undefined && v < 0) sink.add(field(field(base, group), name), 'pod/negative-resource', `${group}.${name} must not be negative`);
    }
  }
  if (!isObject(res.requests) || !isObject(res.limits)) return;
  for (const [name, q] of Object.entries(res.requests)) {
    const req = quantityValue(q);
    const lim = quantityValue(res.limits[name]);
    if (req !== undefined && lim !== undefined && req > lim) {
      sink.add(field(field(base, 'requests'), name), 'pod/requests-exceed-limits', `request ${String(q)} exceeds limit ${String(res.limits[name])}`);
    }
  }
}
