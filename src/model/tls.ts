/*
 * A cluster's resolved `tls`: what its pods mount and read, and what it adds (see src/resolve/tls.ts).
 */
import { k8s } from 'cdk8s-plus-28';
import { TlsCertificateAuthority } from '../cluster/tls';

/** The TLS parts of the pods, and the objects it adds. */
export interface ResolvedTls {
  /** Volumes of the Spilo pod (postgres only) and of the pooler pods. */
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  /** Env appended to postgres's env, and to the pooler container's. */
  readonly spiloEnv: k8s.EnvVar[];
  readonly poolerEnv: k8s.EnvVar[];
  /** The Secret the pods read (outside the app: cert-manager or the team writes it). */
  readonly secretName: string;
  readonly caSecretName?: string;
  /** The cert-manager Certificate's spec, when cert-manager issues it. */
  readonly certificate?: Record<string, unknown>;
  readonly certificateAuthority?: TlsCertificateAuthority;
}
