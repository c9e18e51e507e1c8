import { k8s } from 'cdk8s-plus-28';
import { fail, failConflict } from './validation';

/** Spilo's postgres user and group, and the group that owns the data volume. */
export const SPILO_UID = 101;
export const SPILO_GID = 103;

/** The cluster's resolved pod policy: whether PodSecurityProfile.RESTRICTED applies and the fleet's strict mode is on. */
export interface PodPolicy {
  readonly restricted: boolean;
  readonly strict: boolean;
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
    if (policy.restricted && !RESTRICTED_ADD.includes(name)) {
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
  const restricted = policy.restricted;
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
  // What Pod Security baseline forbids besides: a custom SELinux type, an unconfined AppArmor profile, Windows host processes.
  const seLinuxType = sc?.seLinuxOptions?.type;
  if (seLinuxType !== undefined && !['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].includes(seLinuxType)) {
    fail(`${prop}.seLinuxOptions.type`, seLinuxType, `container_t, container_init_t, container_kvm_t or container_engine_t ${why}`);
  }
  if (sc?.seLinuxOptions?.user || sc?.seLinuxOptions?.role) fail(`${prop}.seLinuxOptions`, sc.seLinuxOptions, `no SELinux user or role ${why}`);
  const appArmor = (sc as any)?.appArmorProfile?.type;
  if (appArmor !== undefined && appArmor !== 'RuntimeDefault' && appArmor !== 'Localhost') fail(`${prop}.appArmorProfile.type`, appArmor, `RuntimeDefault or Localhost ${why}`);
  if (sc?.windowsOptions?.hostProcess) fail(`${prop}.windowsOptions.hostProcess`, true, `false ${why}`);
  return {
    ...sc,
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'], ...(added.length ? { add: added } : {}) },
    seccompProfile: sc?.seccompProfile ?? { type: 'RuntimeDefault' },
  };
}

/** Host ports: Pod Security baseline forbids them, so the restricted profile and the strict policy refuse them. */
export function assertHostPorts(prop: string, ports: readonly k8s.ContainerPort[] | undefined, policy: PodPolicy): void {
  (ports ?? []).forEach((p, i) => {
    if (p?.hostPort && (policy.restricted || policy.strict)) {
      fail(`${prop}[${i}].hostPort`, p.hostPort, policy.restricted ? 'no host port under PodSecurityProfile.RESTRICTED' : 'no host port (fleet.strictPolicy)');
    }
  });
}

/** Volume sources Pod Security `restricted` allows; the strict policy only refuses hostPath. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

export function assertVolumePolicy(prop: string, volume: k8s.Volume, policy: PodPolicy): void {
  if (volume.hostPath !== undefined && (policy.strict || policy.restricted)) {
    fail(`${prop}.hostPath`, volume.hostPath.path, policy.strict ? 'no hostPath volume (fleet.strictPolicy)' : 'no hostPath volume under PodSecurityProfile.RESTRICTED');
  }
  if (policy.restricted) {
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
    // A recursive group change at every start makes PGDATA group-writable, which PostgreSQL refuses.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Names that mark an env variable as secret: its value must come from a Secret, not the manifest. */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY/i;
/** What the strict policy also counts as secret, as whole words of the name. */
const STRICT_SECRET_NAME = /(^|_)(KEY|PASS|PASSWD|AUTH|CREDENTIALS?)(_|$)/i;
/**
 * Names that point at a secret or describe one rather than hold it (Spilo's SSL_PRIVATE_KEY_FILE,
 * AWS_WEB_IDENTITY_TOKEN_FILE, PASSWORD_ENCRYPTION, TLS_SECRET_NAME, ...).
 */
const REFERENCE_NAME = /_(FILE|PATH|DIR|NAME|TYPE|METHOD)$|^PASSWORD_ENCRYPTION$/i;
/** A value that only references other variables, such as `$(POSTGRES_PASSWORD)`. */
const REFERENCE_ONLY = /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\))+$/;

/** Refuses a literal value in a password-like env variable: it would sit in git and in the manifest. */
export function assertNoPlaintextSecrets(prop: string, env: readonly k8s.EnvVar[] | undefined, policy: PodPolicy): void {
  (env ?? []).forEach((e, i) => {
    if (typeof e?.value !== 'string' || e.value === '' || REFERENCE_ONLY.test(e.value)) return;
    if (REFERENCE_NAME.test(e.name)) return;
    const secretLike = SECRET_NAME.test(e.name) || (policy.strict && STRICT_SECRET_NAME.test(e.name));
    if (secretLike) {
      fail(`${prop}[${i}].value`, `<${e.value.length} characters>`,
        `valueFrom.secretKeyRef for ${e.name}, which looks like a secret (or a configMapKeyRef if it is not one)`);
    }
  });
}
