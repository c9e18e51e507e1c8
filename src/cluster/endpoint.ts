/**
 * A network endpoint of a database Service.
 */
export class Endpoint {
  /** DNS name of the Service (`<service>.<namespace>.svc` when the namespace is known). */
  public readonly hostname: string;
  /** TCP port. */
  public readonly port: number;

  constructor(hostname: string, port: number) {
    this.hostname = hostname;
    this.port = port;
  }

  /** `hostname:port`. */
  public get socketAddress(): string {
    return `${this.hostname}:${this.port}`;
  }
}
