import { k8s } from 'cdk8s-plus-28';
import { PostgresResources } from '../cluster/resources';

/**
 * A sidecar container of the database pods (the operator's `sidecars[]`), typed.
 *
 * Besides what is given here, every sidecar gets `POD_NAME` and `POD_NAMESPACE` before its own `env`,
 * the pgdata volume at `/home/postgres/pgdata` (same sub-path as postgres) read-only,
 * `imagePullPolicy: IfNotPresent`, and the postgres container's default resources for what it does
 * not set. Deviation: the operator also gives every sidecar the superuser's credentials and a writable
 * pgdata; here a sidecar gets them only when it asks (`superuserAccess`, `pgdataWritable`). No sidecar
 * gets the pod's Kubernetes API token.
 */
export interface PostgresSidecarProps {
  /** Container name: a DNS-1123 label, unique in the pod, not `postgres`. */
  readonly name: string;
  /** Container image. */
  readonly image: string;
  /**
   * Entrypoint (`command`).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments (`args`).
   * @default - the image's cmd
   */
  readonly args?: string[];
  /**
   * Environment variables, after the injected `POD_NAME`, `POD_NAMESPACE` (and, with `superuserAccess`,
   * `POSTGRES_USER` and `POSTGRES_PASSWORD`, which may be referenced as `$(POSTGRES_USER)`); defining one of
   * those four is an error. A literal value in a password-like variable (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`,
   * ...) is refused: use `valueFrom.secretKeyRef`.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];
  /**
   * Environment from ConfigMaps or Secrets (`envFrom`).
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];
  /**
   * Container ports; names at most 15 characters, numbers other than postgres's 5432, 8008 and 8080.
   * @default - none
   */
  readonly ports?: k8s.ContainerPort[];
  /**
   * Name of the port that serves Prometheus metrics on `/metrics`; the cluster's PodMonitor scrapes it.
   * @default - the sidecar serves no metrics
   */
  readonly metricsPortName?: string;
  /**
   * Requests and limits; what is not set comes from the fleet's postgres defaults, as the operator does.
   * @default - the fleet's `resources` (100m / 100Mi requests, 1 CPU / 500Mi limits)
   */
  readonly resources?: PostgresResources;
  /**
   * Extra mounts of pod volumes (additional volumes, this sidecar's `volumes`, `dshm`), before the
   * injected pgdata (and socket) mounts.
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
  /**
   * Volumes this sidecar brings into the pod (for example an emptyDir for its state).
   * @default - none
   */
  readonly volumes?: k8s.Volume[];
  /**
   * Files rendered into one ConfigMap per cluster, `<cluster>-sidecar-<name>`, mounted read-only
   * at `configMountPath`.
   * @default - no ConfigMap
   */
  readonly configFiles?: Record<string, string>;
  /**
   * Where `configFiles` are mounted.
   * @default '/etc/<name>'
   */
  readonly configMountPath?: string;
  /**
   * Readiness probe.
   * @default - none
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * Liveness probe.
   * @default - none
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * Startup probe.
   * @default - none
   */
  readonly startupProbe?: k8s.Probe;
  /**
   * Container security context.
   * @default - none (the pod's)
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * Share the Postgres socket directory: a memory-backed emptyDir `postgresql-run` at
   * `/var/run/postgresql` in postgres and this sidecar (the operator's `share_pgsocket_with_sidecars`,
   * which mounts it in every container). Spilo trusts local socket connections, so this is superuser
   * access too: it needs `superuserAccess`.
   * @default false
   */
  readonly shareSocket?: boolean;
  /**
   * Give the sidecar the superuser's credentials: `POSTGRES_USER` and `POSTGRES_PASSWORD` (the superuser's
   * credentials Secret, key `password`), as the operator does for every sidecar.
   * @default false
   */
  readonly superuserAccess?: boolean;
  /**
   * Mount pgdata writable, as the operator does for every sidecar.
   * @default false - read-only
   */
  readonly pgdataWritable?: boolean;
}
