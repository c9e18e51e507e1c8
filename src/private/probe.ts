import { k8s } from 'cdk8s-plus-28';
import { assertArguments } from './arguments';
import { assertInteger, fail, failConflict } from './validation';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const INT32_MAX = 2147483647;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A port as written: an `IntOrString` (typed callers) or a bare number or string (JavaScript callers). */
function portValue(port: unknown): unknown {
  return typeof port === 'object' && port !== null && 'value' in port ? (port as k8s.IntOrString).value : port;
}

/** A probe's port: a number from 1 to 65535, or (where `named`) the name of one of the container's ports. */
function assertPort(prop: string, port: unknown, named: boolean, portNames?: readonly string[]): void {
  const value = portValue(port);
  if (typeof value === 'number') return assertInteger(prop, value, 1, 65535);
  const known = portNames === undefined || portNames.includes(value as string);
  if (!named || typeof value !== 'string' || value.length > 15 || !IANA_SVC_NAME.test(value) || value.includes('--') || !known) {
    fail(prop, value, named
      ? `a port number from 1 to 65535 or the name of one of the container's ports${portNames ? ` (${portNames.join(', ') || 'none'})` : ''}`
      : 'a port number from 1 to 65535');
  }
}

/**
 * A container probe as the API server and the kubelet take it: exactly one handler, positive counts, one success
 * for liveness and startup probes (a liveness or startup probe cannot wait for several), and a probe-level
 * termination grace period only where Kubernetes allows one. `portNames` are the container's named ports, if known.
 */
export function assertProbe(prop: string, probe: k8s.Probe | undefined, kind: ProbeKind, portNames?: readonly string[]): void {
  if (probe === undefined) return;
  if (typeof probe !== 'object' || probe === null) fail(prop, probe, `a ${kind} probe`);
  const handlers = HANDLERS.filter(h => probe[h] !== undefined);
  if (handlers.length > 1) failConflict(handlers.map(h => `${prop}.${h}`).join(', '), 'a probe takes exactly one handler');
  if (handlers.length === 0) fail(prop, probe, 'a probe with one handler: exec, httpGet, tcpSocket or grpc');
  if (probe.exec !== undefined) {
    if (!Array.isArray(probe.exec?.command) || probe.exec.command.length === 0) fail(`${prop}.exec.command`, probe.exec?.command, 'a command to run');
    assertArguments(`${prop}.exec.command`, probe.exec.command);
  }
  if (probe.httpGet !== undefined) {
    assertPort(`${prop}.httpGet.port`, probe.httpGet?.port, true, portNames);
    const scheme = probe.httpGet.scheme;
    if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') fail(`${prop}.httpGet.scheme`, scheme, "'HTTP' or 'HTTPS'");
  }
  if (probe.tcpSocket !== undefined) assertPort(`${prop}.tcpSocket.port`, probe.tcpSocket?.port, true, portNames);
  if (probe.grpc !== undefined) assertPort(`${prop}.grpc.port`, probe.grpc?.port, false);

  // 0 stands for the default (the API server fills it in), as in the operator's manifests.
  for (const f of ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'] as const) {
    assertInteger(`${prop}.${f}`, probe[f], 0, INT32_MAX);
  }
  assertInteger(`${prop}.initialDelaySeconds`, probe.initialDelaySeconds, 0, INT32_MAX);
  if (kind !== 'readiness' && probe.successThreshold !== undefined && probe.successThreshold > 1) {
    fail(`${prop}.successThreshold`, probe.successThreshold, `1 for a ${kind} probe (only readiness probes may need several successes)`);
  }
  if (probe.terminationGracePeriodSeconds !== undefined) {
    if (kind === 'readiness') fail(`${prop}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'none for a readiness probe (Kubernetes allows it on liveness and startup probes only)');
    assertInteger(`${prop}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 1, INT32_MAX);
  }
}
