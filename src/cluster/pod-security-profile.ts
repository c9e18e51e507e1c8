/**
 * How the library's pods are locked down. Both profiles apply to every pod a cluster emits: the Spilo
 * members with their sidecars and init containers, and the logical backup. The library's own Jobs and the
 * connection pooler always meet Pod Security `restricted`.
 */
export enum PodSecurityProfile {
  /**
   * As the operator: the Spilo pod starts as root and drops to postgres, `allowPrivilegeEscalation` as
   * `fleet.allowPrivilegeEscalation` (default true). Meets Pod Security `baseline` unless the fleet makes the
   * pod privileged, adds capabilities or a prop brings a hostPath volume.
   */
  OPERATOR = 'operator',
  /**
   * Pod Security `restricted`: every container runs as non-root (Spilo's postgres, uid 101 / gid 103 and
   * fsGroup 103 unless `runAsUser`/`runAsGroup`/`fsGroup` say otherwise), with seccomp `RuntimeDefault`, all
   * capabilities dropped and no privilege escalation. Props that would break it are refused at synth time.
   * Spilo's non-root mode skips what needs root: the renice cron job and `sysctl` tuning at start.
   */
  RESTRICTED = 'restricted',
}
