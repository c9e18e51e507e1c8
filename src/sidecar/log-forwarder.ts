import { PostgresResources } from '../cluster/resources';

/** Options of `PostgresSidecar.logForwarder()`. */
export interface LogForwarderOptions {
  /** Secret (in the cluster's namespace) with the log service's host name and API key. */
  readonly secretName: string;
  /**
   * Key of the host name (for example `logs.example.com`) in the Secret.
   * @default 'host'
   */
  readonly hostKey?: string;
  /**
   * Key of the API key in the Secret.
   * @default 'api-key'
   */
  readonly apiKeyKey?: string;
  /**
   * Port of the log service.
   * @default 443
   */
  readonly port?: number;
  /**
   * Path the records are POSTed to.
   * @default '/'
   */
  readonly uri?: string;
  /**
   * Use TLS (and verify the server certificate). `false` needs `allowPlaintext: true`.
   * @default true
   */
  readonly tls?: boolean;
  /**
   * Acknowledge that `tls: false` sends the logs and the API key unencrypted.
   * @default false
   */
  readonly allowPlaintext?: boolean;
  /**
   * HTTP header that carries the API key.
   * @default 'Authorization'
   */
  readonly apiKeyHeader?: string;
  /**
   * Text before the API key in the header value; empty for the bare key.
   * @default 'Bearer'
   */
  readonly apiKeyScheme?: string;
  /**
   * Container name.
   * @default 'log-forwarder'
   */
  readonly name?: string;
  /**
   * Fluent Bit image.
   * @default 'cr.fluentbit.io/fluent/fluent-bit:5.1.1'
   */
  readonly image?: string;
  /**
   * Requests and limits.
   * @default - 20m / 32Mi requests, 200m / 128Mi limits
   */
  readonly resources?: PostgresResources;
}
