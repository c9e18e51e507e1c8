import { Duration } from 'cdk8s';

/** The cert-manager issuer that signs the cluster's certificate (`issuerRef`). */
export interface CertManagerIssuer {
  /** Name of the Issuer (in the cluster's namespace) or ClusterIssuer. */
  readonly name: string;
  /**
   * `Issuer` or `ClusterIssuer` (or an external issuer's kind).
   * @default 'Issuer'
   */
  readonly kind?: string;
  /**
   * API group of the issuer.
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** A cert-manager `Certificate` for the cluster's Services, written into `tls.secretName`. */
export interface CertManagerCertificateOptions {
  /** Who signs it. */
  readonly issuer: CertManagerIssuer;
  /**
   * Lifetime of each certificate.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews it.
   * @default - cert-manager's default (a third of the duration)
   */
  readonly renewBefore?: Duration;
  /**
   * More DNS names, e.g. a load balancer's external name.
   * @default - only the Services' names
   */
  readonly additionalDnsNames?: string[];
}

/**
 * The server certificate of the cluster's PostgreSQL and its poolers (the operator's `tls`). The Secret is mounted at
 * `/tls` (mode 0640, no sub-path, so a renewed certificate reaches the running pods: Spilo reloads PostgreSQL when the
 * files change; PgBouncer reads them only at start, so restart the poolers after a renewal, e.g. with a reloader on
 * the Secret) and named to Spilo by `SSL_CERTIFICATE_FILE`, `SSL_PRIVATE_KEY_FILE` and `SSL_CA_FILE`, and to the
 * poolers by `CONNECTION_POOLER_CLIENT_TLS_CRT`, `..._TLS_KEY` and `..._CA_FILE`.
 */
export interface PostgresTls {
  /** The Secret with the certificate and key (`tls.secretName`); cert-manager writes it when `certManager` is set. */
  readonly secretName: string;
  /**
   * The certificate's file in the Secret, or an absolute path.
   * @default 'tls.crt'
   */
  readonly certificateFile?: string;
  /**
   * The private key's file in the Secret, or an absolute path.
   * @default 'tls.key'
   */
  readonly privateKeyFile?: string;
  /**
   * A CA certificate file (`ssl_ca_file`, for client certificates), in `caSecretName` when set, else in the Secret.
   * @default - none
   */
  readonly caFile?: string;
  /**
   * A separate Secret holding `caFile`, mounted at `/tlsca`.
   * @default - caFile is in secretName
   */
  readonly caSecretName?: string;
  /**
   * Have cert-manager issue the certificate: a `Certificate` for the cluster's and its poolers' Service names.
   * @default - the Secret is provided some other way
   */
  readonly certManager?: CertManagerCertificateOptions;
}

/** Where clients find the CA that signed the cluster's certificate (`PostgresCluster.certificateAuthority`). */
export interface TlsCertificateAuthority {
  /** The Secret holding it. */
  readonly secretName: string;
  /** Its key in the Secret. */
  readonly key: string;
}
