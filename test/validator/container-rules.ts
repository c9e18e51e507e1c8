/**
 * Per-container rules: mounts backed by volumes and staying inside them, port
 * names and ranges, probe handlers, counts and named ports, resource names
 * and requests within limits.
 */

import { IssueSink, field, index } from './issues';
import { isObject, list, setKeys } from './json';
import { ianaSvcName, qualifiedName } from './names';
import { localDescendingPath } from './paths';
import { quantityValue } from './quantity';

export function checkMounts(c: Record<string, any>, cp: string, backing: ReadonlySet<string>, sink: IssueSink): void {
  const paths = new Map<string, string>();
  list(c.volumeMounts).forEach((m, i) => {
    if (!isObject(m)) return;
    const mp = index(field(cp, 'volumeMounts'), i);
    if (typeof m.name === 'string' && !backing.has(m.name)) {
      sink.add(field(mp, 'name'), 'pod/volume-mount', `volume mount ${JSON.stringify(m.name)} names no volume of the pod${backing.size ? ` (have: ${[...backing].join(', ')})` : ''}`);
    }
    if (m.mountPath === '') sink.add(field(mp, 'mountPath'), 'pod/volume-mount', 'mountPath is required');
    checkSubPath(m, mp, sink);
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

/** subPath and subPathExpr stay inside the volume, and only one of them is set. */
function checkSubPath(m: Record<string, any>, mp: string, sink: IssueSink): void {
  for (const key of ['subPath', 'subPathExpr']) {
    const v = m[key];
    const bad = typeof v === 'string' && v !== '' ? localDescendingPath(v) : undefined;
    if (bad) sink.add(field(mp, key), 'pod/sub-path', `${key} ${JSON.stringify(v)} ${bad}`);
  }
  if (typeof m.subPath === 'string' && m.subPath !== '' && typeof m.subPathExpr === 'string' && m.subPathExpr !== '') {
    sink.add(field(mp, 'subPathExpr'), 'pod/sub-path', 'subPath and subPathExpr are mutually exclusive');
  }
}

function checkPortRange(v: unknown, p: string, sink: IssueSink): void {
  if (typeof v === 'number' && (v < 1 || v > 65535)) sink.add(p, 'pod/port-range', `port ${v} is not in 1-65535`);
}

/** Port names are unique across the whole pod (Services and probes look them up by name). */
export function checkPorts(c: Record<string, any>, cp: string, podPortNames: Map<string, string>, sink: IssueSink): Set<string> {
  const own = new Set<string>();
  list(c.ports).forEach((port, i) => {
    if (!isObject(port)) return;
    checkPortRange(port.containerPort, field(index(field(cp, 'ports'), i), 'containerPort'), sink);
    checkPortRange(port.hostPort, field(index(field(cp, 'ports'), i), 'hostPort'), sink);
    if (typeof port.name !== 'string') return;
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

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];

/** Exactly one handler per probe and lifecycle hook (the API rejects none and several). */
function checkHandler(h: unknown, p: string, handlers: readonly string[], sink: IssueSink): void {
  if (!isObject(h)) return;
  const used = setKeys(h).filter((k) => handlers.includes(k));
  if (used.length !== 1) sink.add(p, 'pod/probe-handler', `needs exactly one of ${handlers.join(', ')}, has ${used.length ? used.join(', ') : 'none'}`);
}

const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/**
 * Counts are not negative (0 means the default); liveness and startup probes succeed after 1 success (0 is
 * defaulted to 1); a probe's own terminationGracePeriodSeconds is positive and not for readiness.
 */
function checkProbeNumbers(pr: unknown, kind: string, p: string, sink: IssueSink): void {
  if (!isObject(pr)) return;
  for (const f of PROBE_COUNTS) {
    if (typeof pr[f] === 'number' && pr[f] < 0) sink.add(field(p, f), 'pod/probe', `${f} must not be negative`);
  }
  const s = pr.successThreshold;
  if (kind !== 'readinessProbe' && typeof s === 'number' && s > 1) sink.add(field(p, 'successThreshold'), 'pod/probe', `successThreshold of a ${kind} must be 1`);
  const grace = pr.terminationGracePeriodSeconds;
  if (typeof grace === 'number') {
    if (kind === 'readinessProbe') sink.add(field(p, 'terminationGracePeriodSeconds'), 'pod/probe', 'a readinessProbe takes no terminationGracePeriodSeconds');
    else if (grace <= 0) sink.add(field(p, 'terminationGracePeriodSeconds'), 'pod/probe', 'terminationGracePeriodSeconds must be greater than 0');
  }
}

/** A probe's named port must be a valid name and one of the container's own ports. */
export function checkProbes(c: Record<string, any>, cp: string, ownPorts: ReadonlySet<string>, sink: IssueSink): void {
  for (const hook of ['postStart', 'preStop']) checkHandler(c.lifecycle?.[hook], field(field(cp, 'lifecycle'), hook), HOOK_HANDLERS, sink);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    checkHandler(c[probe], field(cp, probe), PROBE_HANDLERS, sink);
    checkProbeNumbers(c[probe], probe, field(cp, probe), sink);
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

/**
 * Containers take the standard resources, hugepages-<size>, and extended
 * resources named <domain>/<name> outside the kubernetes.io domains.
 */
function resourceNameError(name: string): string | undefined {
  if (['cpu', 'memory', 'ephemeral-storage'].includes(name) || /^hugepages-/.test(name)) return undefined;
  if (!name.includes('/')) return 'is not a container resource (cpu, memory, ephemeral-storage, hugepages-<size>, or <domain>/<name>)';
  const bad = qualifiedName(name);
  if (bad) return bad;
  if (/(^|\.)kubernetes\.io\//.test(name) || name.startsWith('requests.')) return 'uses a reserved prefix';
  return undefined;
}

export function checkResources(c: Record<string, any>, cp: string, sink: IssueSink): void {
  const res = c.resources;
  if (!isObject(res)) return;
  const base = field(cp, 'resources');
  for (const group of ['requests', 'limits']) {
    if (!isObject(res[group])) continue;
    for (const [name, q] of Object.entries(res[group])) {
      const badName = resourceNameError(name);
      if (badName) sink.add(field(field(base, group), name), 'pod/resource-name', `resource ${JSON.stringify(name)} ${badName}`);
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
