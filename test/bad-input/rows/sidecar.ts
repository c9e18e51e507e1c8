// Bad sidecar, init container and monitoring input.
import { Cpu } from 'cdk8s-plus-28';
import { PostgresSidecar, PostgresSidecarProps } from '../../../src';
import { BadInput, BadInputRow, PropPath, row } from '../row';

const s = (name: string, extra: Partial<PostgresSidecarProps> = {}) => new PostgresSidecar({ name, image: 'example/img:1', ...extra });
const port = (containerPort: number, name?: string) => ({ containerPort, ...(name ? { name } : {}) });

/** [title, props covered, input built lazily, message]. */
type Row = [string, PropPath[], () => BadInput, RegExp];

const ROWS: Row[] = [
  ['duplicate sidecar names', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.name'], () => ({ props: { sidecars: [s('a'), s('a')] } }), /sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the cluster's sidecars/],
  ['duplicate fleet sidecar names', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.sidecars', 'PostgresSidecarProps.name'], () => ({ fleet: { sidecars: [s('a'), s('a')] } }), /fleet\.sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the fleet's sidecars/],
  ['a sidecar named postgres', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.name'], () => ({ props: { sidecars: [s('postgres')] } }), /sidecars\[0\]\.name: 'postgres' is not valid; expected a name other than postgres/],
  ['a sidecar name with capitals', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.name'], () => ({ props: { sidecars: [s('Exporter')] } }), /sidecars\[0\]\.name: 'Exporter' is not valid; expected a DNS-1123 label/],
  ['an empty sidecar name', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.name'], () => ({ props: { sidecars: [s('')] } }), /sidecars\[0\]\.name: '' is not valid; expected a container name/],
  ['a sidecar name of 57 characters', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.name'], () => ({ props: { sidecars: [s('a'.repeat(57))] } }), /sidecars\[0\]\.name: 'a{57}' is not valid; expected at most 56 characters/],
  ['a sidecar without image', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.image'], () => ({ props: { sidecars: [s('a', { image: '' })] } }), /sidecars\[0\]\.image: '' is not valid; expected a container image reference/],
  ['a sidecar and an init container of one name', ['PostgresClusterProps.initContainers'], () => ({ props: { sidecars: [s('prep')], initContainers: [{ name: 'prep', image: 'x' }] } }),
    /initContainers\[0\]\.name: 'prep' is not valid; expected a name not used by another container of the pod/],
  ['a fleet init container named like a sidecar', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.initContainers'], () => ({ props: { sidecars: [s('prep')] }, fleet: { initContainers: [{ name: 'prep', image: 'x' }] } }),
    /fleet\.initContainers\[0\]\.name: 'prep' is not valid/],
  ['a sidecar on port 5432', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(5432)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 5432 is not valid; expected a port other than 8008, 5432, 8080/],
  ['a sidecar on port 8008', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(8008, 'api')] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 8008 is not valid/],
  ['a sidecar on port 8080', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(8080)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 8080 is not valid/],
  ['two sidecars on one port', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100)] }), s('b', { ports: [port(9100)] })] } }),
    /sidecars\[1\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar \(sidecars\[0\]\)/],
  ['a cluster sidecar and a fleet sidecar on one port', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100)] })] }, fleet: { sidecars: [s('b', { ports: [port(9100)] })] } }),
    /fleet\.sidecars\[0\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar/],
  ['two sidecars with one port name', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'metrics')] }), s('b', { ports: [port(9101, 'metrics')] })] } }),
    /sidecars\[1\]\.ports\[0\]\.name: 'metrics' is not valid; expected a port name not used by another sidecar/],
  ['a port name of 16 characters', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'metrics-exporter')] })] } }),
    /sidecars\[0\]\.ports\[0\]\.name: 'metrics-exporter' is not valid; expected an IANA service name/],
  ['a port name without letters', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100, '9100')] })] } }), /ports\[0\]\.name: '9100' is not valid/],
  ['a port name with a double dash', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'a--b')] })] } }), /ports\[0\]\.name: 'a--b' is not valid/],
  ['port 0', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [port(0)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 0 is not valid; expected an integer from 1 to 65535/],
  ['protocol HTTP', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.ports'], () => ({ props: { sidecars: [s('a', { ports: [{ containerPort: 9100, protocol: 'HTTP' }] })] } }), /ports\[0\]\.protocol: 'HTTP' is not valid; expected TCP, UDP or SCTP/],
  ['a metrics port that is not a port', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.metricsPortName'], () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'web')], metricsPortName: 'metrics' })] } }),
    /sidecars\[0\]\.metricsPortName: 'metrics' is not valid; expected the name of one of the sidecar's ports \(web\)/],
  ['own POSTGRES_PASSWORD', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.env'], () => ({ props: { sidecars: [s('a', { env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] })] } }),
    /sidecars\[0\]\.env\[0\]\.name: 'POSTGRES_PASSWORD' is not valid; expected a name other than POD_NAME, POD_NAMESPACE, POSTGRES_USER, POSTGRES_PASSWORD/],
  ['own POD_NAME', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.env'], () => ({ props: { sidecars: [s('a', { env: [{ name: 'POD_NAME', value: 'x' }] })] } }), /env\[0\]\.name: 'POD_NAME' is not valid/],
  ['an env var twice', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.env'], () => ({ props: { sidecars: [s('a', { env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }] })] } }), /sidecars\[0\]\.env\[1\]\.name: 'X' is not valid; expected a name not set twice/],
  ['a mount over pgdata', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/home/postgres/pgdata' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.mountPath: '\/home\/postgres\/pgdata' is not valid; expected a path no other mount of the sidecar uses/],
  ['a mount over the socket directory', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/var/run/postgresql' }] })] } }),
    /volumeMounts\[0\]\.mountPath: '\/var\/run\/postgresql' is not valid/],
  ['a mount inside pgdata', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/home/postgres/pgdata/pgroot' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.mountPath: '\/home\/postgres\/pgdata\/pgroot' is not valid; expected a path that neither covers nor goes inside/],
  ['a mount over the ServiceAccount token', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] })] } }),
    /volumeMounts\[0\]\.mountPath: .* is not valid; expected a path that neither covers nor goes inside \/var\/run\/secrets\/kubernetes\.io/],
  ['a mount path with ..', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/tmp/../etc' }] })] } }), /volumeMounts\[0\]\.mountPath: '\/tmp\/\.\.\/etc' is not valid; expected a normalized absolute path/],
  ['a subPath that leaves the volume', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/shm', subPath: '../x' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.subPath: '\.\.\/x' is not valid; expected a relative path/],
  ['a relative mount path', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: 'shm' }] })] } }), /volumeMounts\[0\]\.mountPath: 'shm' is not valid; expected an absolute path/],
  ['a mount of pgdata', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'pgdata', mountPath: '/data' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.name: 'pgdata' is not valid; expected a volume other than pgdata/],
  ['a mount of a volume the pod lacks', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumeMounts'], () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.name: 'cache' is not valid; expected a volume of the pod \(pgdata, dshm[^)]*\)/],
  ['a sidecar volume named like an additional volume', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumes'], () => ({
    props: {
      sidecars: [s('a', { volumes: [{ name: 'extra', emptyDir: {} }] })],
      additionalVolumes: [{ volume: { name: 'extra', emptyDir: {} }, mountPath: '/extra' }],
    },
  }), /sidecars\[0\]\.volumes\[0\]\.name: 'extra' is not valid; expected a volume name not used by another volume of the pod/],
  ['two sidecars bringing one volume name', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.volumes'], () => ({ props: { sidecars: [s('a', { volumes: [{ name: 'v', emptyDir: {} }] }), s('b', { volumes: [{ name: 'v', emptyDir: {} }] })] } }),
    /sidecars\[1\]\.volumes\[0\]\.name: 'v' is not valid/],
  ['a config file key with a slash', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.configFiles'], () => ({ props: { sidecars: [s('a', { configFiles: { 'etc/a.conf': '' } })] } }), /sidecars\[0\]\.configFiles key: 'etc\/a\.conf' is not valid; expected a ConfigMap key/],
  ['fractional millicores', ['PostgresClusterProps.sidecars', 'PostgresSidecarProps.resources', 'PostgresResources.cpuLimit'], () => ({ props: { sidecars: [s('a', { resources: { cpuLimit: Cpu.millis(0.5) } })] } }), /sidecars\[0\]\.resources\.cpuLimit: '0\.5m' is not valid/],
  ['an init container without a name', ['PostgresClusterProps.initContainers'], () => ({ props: { initContainers: [{ image: 'x' } as any] } }), /initContainers\[0\]\.name: undefined is not valid; expected a container name/],
  ['duplicate fleet init containers', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.initContainers'], () => ({ fleet: { initContainers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] } }), /fleet\.initContainers\[1\]\.name: 'a' is not valid/],
  ['monitoring labels that are no labels', ['PostgresClusterProps.monitoring', 'PostgresMonitoringOptions.labels'], () => ({ props: { monitoring: { labels: { 'bad key': 'x' } } } }), /monitoring\.labels key: 'bad key' is not valid/],
  ['a disk threshold of 120 percent', ['PostgresClusterProps.monitoring', 'PostgresMonitoringOptions.diskUsagePercent'], () => ({ props: { monitoring: { diskUsagePercent: 120 } } }), /monitoring\.diskUsagePercent: 120 is not valid; expected a percentage/],
  // the log forwarder's options, refused by its factory
  ['log forwarder without a Secret name', ['LogForwarderOptions.secretName'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: '' })] } }), /^logForwarder\.secretName: '' is not valid; expected the name of a Secret/],
  ['log forwarder on port 70000', ['LogForwarderOptions.port'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', port: 70000 })] } }), /^logForwarder\.port: 70000 is not valid; expected an integer from 1 to 65535/],
  ['log forwarder uri without a leading /', ['LogForwarderOptions.uri'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', uri: 'ingest' })] } }), /^logForwarder\.uri: 'ingest' is not valid; expected a path starting with \//],
  ['log forwarder uri with a variable', ['LogForwarderOptions.uri'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', uri: '/ingest?token=${POSTGRES_PASSWORD}' })] } }),
    /^logForwarder\.uri: '\/ingest\?token=\$\{POSTGRES_PASSWORD\}' is not valid; expected a path starting with \/ without spaces or \$/],
  ['log forwarder without TLS', ['LogForwarderOptions.tls'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', tls: false })] } }), /^logForwarder\.tls: false is not valid; expected true, or allowPlaintext: true/],
  ['log forwarder header with a space', ['LogForwarderOptions.apiKeyHeader'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', apiKeyHeader: 'X Key' })] } }), /^logForwarder\.apiKeyHeader: 'X Key' is not valid; expected an HTTP header name/],
  ['log forwarder scheme with a $', ['LogForwarderOptions.apiKeyScheme'], () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', apiKeyScheme: 'Bearer $X' })] } }), /^logForwarder\.apiKeyScheme: 'Bearer \$X' is not valid/],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) => row(title, covers, input, error));
