import { k8s } from 'cdk8s-plus-28';
import { fail, failConflict } from './validation';
import { PodSecurityProfile } from '../cluster/pod-security-profile';

/** Spilo's postgres user and group, and the group that owns the data volume. */
export const SPILO_UID = 101;
export const SPILO_GID = 103;

/** The cluster's resolved pod policy: the profile and whether the fleet's strict policy mode is on. */
export interface PodPolicy {
  readonly profile: PodSecurityProfile;
  readonly strict: boolean;
}

/** The cluster's profile or else the fleet's, and the fleet's strict mode; JavaScript callers' values checked. */
export function resolvePodPolicy(own: PodSecurityProfile | undefined, fleet: PodSecurityProfile | undefined, strict: boolean | undefined): PodPolicy {
  const profile = own ?? fleet ?? PodSecurityProfile.OPERATOR;
  if (!Object.values(PodSecurityProfile).includes(profile)) {
    fail(own !== undefined ? 'podSecurityProfile' : 'fleet.podSecurityProfile', profile,
      `one of ${Object.values(PodSecurityProfile).map(v => `'${v}'`).join(', ')}`);
  }
  if (strict !== undefined && typeof strict !== 'boolean') fail('fleet.strictPolicy', strict, 'true or false');
  return { profile, strict: strict === true };
}

/** Capabilities a container may add (Linux's list, without the CAP_ prefix). */
const CAPABILITIES = new Set([
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN', 'DAC_OVERRIDE',
  'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE',
  'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
]);
/** The only capability Pod Security `restricted` lets a container add. */
const RESTRICTED_ADD = ['NET_BIND_SERVICE'];

/** Added capabilities: known names (any case, as the operator upper-cases them), never ALL. */
export function assertCapabilities(prop: string, caps: readonly string[] | undefined, policy: PodPolicy): string[] {
  return (caps ?? []).map((cap, i) => {
    const name = typeof cap === 'string' ? cap.toUpperCase().replace(/^CAP_/, '') : cap;
    if (typeof name !== 'string' || !CAPABILITIES.has(name)) {
      fail(`${prop}[${i}]`, cap, name === 'ALL' ? 'single capabilities (adding ALL is privileged in all but name)' : 'a Linux capability name such as SYS_NICE');
    }
    if (policy.strict && !RESTRICTED_ADD.includes(name)) fail(`${prop}[${i}]`, cap, 'no added capability (fleet.strictPolicy), except NET_BIND_SERVICE');
    if (policy.profile === PodSecurityProfile.RESTRICTED && !RESTRICTED_ADD.includes(name)) {
      fail(`${prop}[${i}]`, cap, 'no added capability under PodSecurityProfile.RESTRICTED, except NET_BIND_SERVICE');
    }
    return name;
  });
}

/**
 * A container's own security context, checked against the policy; under the restricted profile it is
 * completed with what the level needs (non-root, seccomp, no escalation, all capabilities dropped).
 */
export function containerSecurity(prop: string, sc: k8s.SecurityContext | undefined, policy: PodPolicy): k8s.SecurityContext | undefined {
  const restricted = policy.profile === PodSecurityProfile.RESTRICTED;
  const why = restricted ? 'under PodSecurityProfile.RESTRICTED' : '(fleet.strictPolicy)';
  if (sc?.privileged && (restricted || policy.strict)) fail(`${prop}.privileged`, true, `false ${why}`);
  if (sc?.privileged && sc.allowPrivilegeEscalation === false) {
    failConflict(`${prop}.privileged, ${prop}.allowPrivilegeEscalation`, 'a privileged container always allows privilege escalation, so the API server refuses allowPrivilegeEscalation: false with it');
  }
  const added = assertCapabilities(`${prop}.capabilities.add`, sc?.capabilities?.add, policy);
  if (!restricted) return sc;
  if (sc?.allowPrivilegeEscalation === true) fail(`${prop}.allowPrivilegeEscalation`, true, `false ${why}`);
  if (sc?.runAsNonRoot === false) fail(`${prop}.runAsNonRoot`, false, `true ${why}`);
  if (sc?.runAsUser === 0) fail(`${prop}.runAsUser`, 0, `a non-zero uid ${why}`);
  const seccomp = sc?.seccompProfile?.type;
  if (seccomp !== undefined && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
    fail(`${prop}.seccompProfile.type`, seccomp, `RuntimeDefault or Localhost ${why}`);
  }
  if (sc?.procMount !== undefined && sc.procMount !== 'Default') fail(`${prop}.procMount`, sc.procMount, `Default ${why}`);
  return {
    ...sc,
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'], ...(added.length ? { add: added } : {}) },
    seccompProfile: sc?.seccompProfile ?? { type: 'RuntimeDefault' },
  };
}

/** Volume sources Pod Security `restricted` allows; the strict policy only refuses hostPath. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

export function assertVolumePolicy(prop: string, volume: k8s.Volume, policy: PodPolicy): void {
  if (volume.hostPath !== undefined && (policy.strict || policy.profile === PodSecurityProfile.RESTRICTED)) {
    fail(`${prop}.hostPath`, volume.hostPath.path, policy.strict ? 'no hostPath volume (fleet.strictPolicy)' : 'no hostPath volume under PodSecurityProfile.RESTRICTED');
  }
  if (policy.profile === PodSecurityProfile.RESTRICTED) {
    const source = Object.keys(volume).find(k => k !== 'name' && (volume as any)[k] !== undefined);
    if (source !== undefined && !RESTRICTED_VOLUMES.includes(source)) {
      fail(`${prop}.${source}`, volume.name, `a volume of type ${RESTRICTED_VOLUMES.join(', ')} under PodSecurityProfile.RESTRICTED`);
    }
  }
}

/** The pod-level context of the restricted profile; the cluster's own ids win, but never root. */
export function restrictedPodSecurity(
  ids: { runAsUser?: number; runAsGroup?: number; fsGroup?: number }, prop: (p: string) => string,
): Record<string, unknown> {
  if (ids.runAsUser === 0) fail(prop('runAsUser'), 0, 'a non-zero uid under PodSecurityProfile.RESTRICTED');
  return {
    runAsNonRoot: true,
    runAsUser: ids.runAsUser ?? SPILO_UID,
    runAsGroup: ids.runAsGroup ?? SPILO_GID,
    fsGroup: ids.fsGroup ?? SPILO_GID,
    // A recursive group change at every start can leave PGDATA group-readable, which PostgreSQL refuses.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Names that mark an env variable as secret: its value must come from a Secret, not the manifest. */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY/i;
/** What the strict policy also counts as secret. */
const STRICT_SECRET_NAME = /KEY|PASS|AUTH|CREDENTIAL/i;
/** A value that only references other variables, such as `$(POSTGRES_PASSWORD)`. */
const REFERENCE_ONLY = /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\))+$/;

/** Refuses a literal value in a password-like env variable: it would sit in git and in the manifest. */
export function assertNoPlaintextSecrets(prop: string, env: readonly k8s.EnvVar[] | undefined, policy: PodPolicy): void {
  (env ?? []).forEach((e, i) => {
    if (typeof e?.value !== 'string' || e.value === '' || REFERENCE_ONLY.test(e.value)) return;
    const secretLike = SECRET_NAME.test(e.name) || (policy.strict && STRICT_SECRET_NAME.test(e.name));
    if (secretLike) {
      fail(`${prop}[${i}].value`, `<${e.value.length} characters>`,
        `valueFrom.secretKeyRef for ${e.name}, which looks like a secret (or a configMapKeyRef if it is not one)`);
    }
  });
}
