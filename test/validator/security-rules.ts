/**
 * Security context rules: what the API server checks (user and group IDs,
 * seccomp profile type and localhost profile, privilege escalation against
 * privileged and CAP_SYS_ADMIN) and one the kubelet enforces at container
 * start (runAsNonRoot with an explicit root user). Capability names are not
 * checked by either, so neither are they here.
 */

import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { localDescendingPath } from './paths';

const MAX_ID = 2 ** 31 - 1;

function checkId(v: unknown, p: string, sink: IssueSink): void {
  if (typeof v === 'number' && (v < 0 || v > MAX_ID)) sink.add(p, 'pod/security-context', `${v} is not a user or group ID in 0-${MAX_ID}`);
}

/** The type itself is a schema enum; the localhost profile goes with Localhost and only with it. */
function checkSeccomp(sp: unknown, p: string, sink: IssueSink): void {
  if (!isObject(sp)) return;
  const profile = sp.localhostProfile;
  if (sp.type === 'Localhost') {
    if (typeof profile !== 'string') {sink.add(field(p, 'localhostProfile'), 'pod/seccomp', 'localhostProfile is required with type Localhost');} else {
      const bad = localDescendingPath(profile);
      if (bad) sink.add(field(p, 'localhostProfile'), 'pod/seccomp', `localhostProfile ${JSON.stringify(profile)} ${bad}`);
    }
  } else if (profile !== undefined && profile !== null) {
    sink.add(field(p, 'localhostProfile'), 'pod/seccomp', `localhostProfile is only allowed with type Localhost, not ${JSON.stringify(sp.type)}`);
  }
}

export function checkPodSecurityContext(sc: unknown, base: string, sink: IssueSink): void {
  if (!isObject(sc)) return;
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) checkId(sc[f], field(base, f), sink);
  list(sc.supplementalGroups).forEach((g, i) => checkId(g, index(field(base, 'supplementalGroups'), i), sink));
  checkSeccomp(sc.seccompProfile, field(base, 'seccompProfile'), sink);
}

/** @param podSc the pod's securityContext, whose runAsNonRoot/runAsUser the container inherits */
export function checkContainerSecurityContext(sc: unknown, base: string, podSc: unknown, sink: IssueSink): void {
  const own = isObject(sc) ? sc : {};
  const pod = isObject(podSc) ? podSc : {};
  if (isObject(sc)) {
    for (const f of ['runAsUser', 'runAsGroup']) checkId(sc[f], field(base, f), sink);
    checkSeccomp(sc.seccompProfile, field(base, 'seccompProfile'), sink);
    if (sc.allowPrivilegeEscalation === false) {
      if (sc.privileged === true) sink.add(base, 'pod/security-context', 'allowPrivilegeEscalation false contradicts privileged true');
      if (list(sc.capabilities?.add).includes('CAP_SYS_ADMIN')) {
        sink.add(field(field(base, 'capabilities'), 'add'), 'pod/security-context', 'allowPrivilegeEscalation false contradicts adding CAP_SYS_ADMIN');
      }
    }
  }
  // the API server stores this; the kubelet then refuses to start the container
  const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  const user = own.runAsUser ?? pod.runAsUser;
  if (nonRoot === true && user === 0) {
    sink.add(base, 'pod/run-as-non-root', 'runAsNonRoot true with runAsUser 0: the kubelet refuses to start the container');
  }
}
