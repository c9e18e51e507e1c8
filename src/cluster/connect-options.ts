import { TlsCertificateAuthority } from './tls';

/** libpq's `sslmode`. */
export enum SslMode {
  /** No TLS. */
  DISABLE = 'disable',
  /** TLS when the server insists. */
  ALLOW = 'allow',
  /** TLS when the server offers it. */
  PREFER = 'prefer',
  /** TLS, the server's certificate not checked. */
  REQUIRE = 'require',
  /** TLS, the certificate signed by the CA. */
  VERIFY_CA = 'verify-ca',
  /** TLS, the certificate signed by the CA and naming the host connected to. */
  VERIFY_FULL = 'verify-full',
}

/** Which of a cluster's Services to connect to. */
export interface EndpointOptions {
  /**
   * Through the connection pooler (`<c>-pooler`, or `<c>-pooler-repl` with `replica`); the cluster must have it.
   * @default false
   */
  readonly pooler?: boolean;

  /**
   * To the replicas (`<c>-repl`, or `<c>-pooler-repl` with `pooler`) instead of the primary.
   * @default false
   */
  readonly replica?: boolean;
}

/** How `PostgresCluster.connect()` wires a workload to the cluster. */
export interface ConnectOptions extends EndpointOptions {
  /**
   * The LOGIN role to connect as: `PGUSER` and `PGPASSWORD` come from its credentials Secret, which must be in the
   * workload's namespace (for a workload in another namespace, declare the user as `<namespace>.<name>`).
   */
  readonly user: string;

  /**
   * `PGDATABASE`: `postgres` or one of the cluster's `databases` and `preparedDatabases`.
   * @default - the one database `user` owns; an error when it owns none or several
   */
  readonly database?: string;

  /**
   * `PGSSLMODE`.
   * @default - `verify-full` when the cluster has `tls` with a CA the workload can mount, else `require` (`prefer`
   * when `parameters.ssl` is off)
   */
  readonly sslMode?: SslMode;

  /**
   * The CA that signed the server's certificate, in a Secret of the workload's namespace; it is mounted and named
   * by `PGSSLROOTCERT`.
   * @default - the cluster's `certificateAuthority` when the workload is in the cluster's namespace
   */
  readonly certificateAuthority?: TlsCertificateAuthority;

  /**
   * Names of the workload's containers that get the env.
   * @default - every container (init containers excluded)
   */
  readonly containers?: string[];
}
