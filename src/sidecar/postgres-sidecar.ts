import { k8s } from 'cdk8s-plus-28';
import { LogForwarderOptions } from './log-forwarder';
import { PostgresExporterOptions } from './postgres-exporter';
import { PostgresSidecarProps } from './postgres-sidecar-props';
import { exporterSidecarProps } from './private/exporter';
import { logForwarderSidecarProps } from './private/log-forwarder';

/**
 * A sidecar of the database pods. Create one with `new PostgresSidecar({...})` or a built-in
 * factory, then pass it in `sidecars` (cluster or fleet) or to `cluster.addSidecar()`.
 */
export class PostgresSidecar {
  /**
   * The prometheus-community postgres_exporter, with a query set for replication, slots, WAL
   * archiving, vacuum horizons and connection usage, on port 9187 (`exporter`).
   */
  public static postgresExporter(options: PostgresExporterOptions = {}): PostgresSidecar {
    const sidecar = new PostgresSidecar(exporterSidecarProps(options));
    // Its query set is the library's, the same for every cluster: one ConfigMap per namespace.
    sidecar._namespaceConfig = true;
    return sidecar;
  }

  /**
   * Fluent Bit tailing Postgres's CSV logs (`/home/postgres/pgdata/pgroot/pg_log/*.csv`), parsing
   * each record into fields and sending them as JSON lines to an HTTP log service whose host and
   * API key come from a Secret.
   */
  public static logForwarder(options: LogForwarderOptions): PostgresSidecar {
    return new PostgresSidecar(logForwarderSidecarProps(options));
  }

  /** Container name. */
  public readonly name: string;
  /** Container image. */
  public readonly image: string;
  /** Whether the pod shares the Postgres socket directory because of this sidecar. */
  public readonly shareSocket: boolean;
  /** Whether the sidecar gets the superuser's credentials. */
  public readonly superuserAccess: boolean;
  /** Whether the sidecar mounts pgdata writable. */
  public readonly pgdataWritable: boolean;
  /** Name of the port serving Prometheus metrics, if any. */
  public readonly metricsPortName?: string;
  /** @internal */
  public readonly _props: PostgresSidecarProps;
  /**
   * Its config files are the same for every cluster (a built-in's): one ConfigMap per namespace, named after its content.
   * @internal
   */
  public _namespaceConfig = false;

  constructor(props: PostgresSidecarProps) {
    // Copies only what is of the right type: the cluster validates the rest, naming the sidecar by its position.
    const list = <T>(value: T[] | undefined) => (Array.isArray(value) ? [...value] : value);
    const p: PostgresSidecarProps = props ?? ({} as PostgresSidecarProps);
    this._props = {
      ...p,
      command: list(p.command),
      args: list(p.args),
      env: list(p.env),
      envFrom: list(p.envFrom),
      ports: list(p.ports),
      volumeMounts: list(p.volumeMounts),
      volumes: list(p.volumes),
      configFiles: typeof p.configFiles === 'object' && p.configFiles !== null ? { ...p.configFiles } : p.configFiles,
    };
    this.name = p.name;
    this.image = p.image;
    this.shareSocket = p.shareSocket ?? false;
    this.superuserAccess = p.superuserAccess ?? false;
    this.pgdataWritable = p.pgdataWritable ?? false;
    this.metricsPortName = p.metricsPortName;
  }

  /** Container ports (a copy). */
  public get ports(): k8s.ContainerPort[] {
    return Array.isArray(this._props.ports) ? [...this._props.ports] : [];
  }
}
