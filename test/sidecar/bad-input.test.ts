import { Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { FleetDefaultsProps, PostgresCluster, PostgresClusterProps, PostgresSidecar, PostgresSidecarProps } from '../../src';
import { chartIn, CLUSTER, construct } from '../cluster/fixtures';

const s = (name: string, extra: Partial<PostgresSidecarProps> = {}) => new PostgresSidecar({ name, image: 'example/img:1', ...extra });
const port = (containerPort: number, name?: string) => ({ containerPort, ...(name ? { name } : {}) });

type Row = [string, () => { props?: Partial<PostgresClusterProps>; fleet?: FleetDefaultsProps }, RegExp];

const ROWS: Row[] = [
  ['duplicate sidecar names', () => ({ props: { sidecars: [s('a'), s('a')] } }), /sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the cluster's sidecars/],
  ['duplicate fleet sidecar names', () => ({ fleet: { sidecars: [s('a'), s('a')] } }), /fleet\.sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the fleet's sidecars/],
  ['a sidecar named postgres', () => ({ props: { sidecars: [s('postgres')] } }), /sidecars\[0\]\.name: 'postgres' is not valid; expected a name other than postgres/],
  ['a sidecar name with capitals', () => ({ props: { sidecars: [s('Exporter')] } }), /sidecars\[0\]\.name: 'Exporter' is not valid; expected a DNS-1123 label/],
  ['an empty sidecar name', () => ({ props: { sidecars: [s('')] } }), /sidecars\[0\]\.name: '' is not valid; expected a container name/],
  ['a sidecar name of 57 characters', () => ({ props: { sidecars: [s('a'.repeat(57))] } }), /sidecars\[0\]\.name: 'a{57}' is not valid; expected at most 56 characters/],
  ['a sidecar without image', () => ({ props: { sidecars: [s('a', { image: '' })] } }), /sidecars\[0\]\.image: '' is not valid; expected a container image reference/],
  ['a sidecar and an init container of one name', () => ({ props: { sidecars: [s('prep')], initContainers: [{ name: 'prep', image: 'x' }] } }),
    /initContainers\[0\]\.name: 'prep' is not valid; expected a name not used by another container of the pod/],
  ['a fleet init container named like a sidecar', () => ({ props: { sidecars: [s('prep')] }, fleet: { initContainers: [{ name: 'prep', image: 'x' }] } }),
    /fleet\.initContainers\[0\]\.name: 'prep' is not valid/],
  ['a sidecar on port 5432', () => ({ props: { sidecars: [s('a', { ports: [port(5432)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 5432 is not valid; expected a port other than 8008, 5432, 8080/],
  ['a sidecar on port 8008', () => ({ props: { sidecars: [s('a', { ports: [port(8008, 'api')] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 8008 is not valid/],
  ['a sidecar on port 8080', () => ({ props: { sidecars: [s('a', { ports: [port(8080)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 8080 is not valid/],
  ['two sidecars on one port', () => ({ props: { sidecars: [s('a', { ports: [port(9100)] }), s('b', { ports: [port(9100)] })] } }),
    /sidecars\[1\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar \(sidecars\[0\]\)/],
  ['a cluster sidecar and a fleet sidecar on one port', () => ({ props: { sidecars: [s('a', { ports: [port(9100)] })] }, fleet: { sidecars: [s('b', { ports: [port(9100)] })] } }),
    /fleet\.sidecars\[0\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar/],
  ['two sidecars with one port name', () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'metrics')] }), s('b', { ports: [port(9101, 'metrics')] })] } }),
    /sidecars\[1\]\.ports\[0\]\.name: 'metrics' is not valid; expected a port name not used by another sidecar/],
  ['a port name of 16 characters', () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'metrics-exporter')] })] } }),
    /sidecars\[0\]\.ports\[0\]\.name: 'metrics-exporter' is not valid; expected an IANA service name/],
  ['a port name without letters', () => ({ props: { sidecars: [s('a', { ports: [port(9100, '9100')] })] } }), /ports\[0\]\.name: '9100' is not valid/],
  ['a port name with a double dash', () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'a--b')] })] } }), /ports\[0\]\.name: 'a--b' is not valid/],
  ['port 0', () => ({ props: { sidecars: [s('a', { ports: [port(0)] })] } }), /sidecars\[0\]\.ports\[0\]\.containerPort: 0 is not valid; expected an integer from 1 to 65535/],
  ['protocol HTTP', () => ({ props: { sidecars: [s('a', { ports: [{ containerPort: 9100, protocol: 'HTTP' }] })] } }), /ports\[0\]\.protocol: 'HTTP' is not valid; expected TCP, UDP or SCTP/],
  ['a metrics port that is not a port', () => ({ props: { sidecars: [s('a', { ports: [port(9100, 'web')], metricsPortName: 'metrics' })] } }),
    /sidecars\[0\]\.metricsPortName: 'metrics' is not valid; expected the name of one of the sidecar's ports \(web\)/],
  ['own POSTGRES_PASSWORD', () => ({ props: { sidecars: [s('a', { env: [{ name: 'POSTGRES_PASSWORD', value: 'x' }] })] } }),
    /sidecars\[0\]\.env\[0\]\.name: 'POSTGRES_PASSWORD' is not valid; expected a name other than POD_NAME, POD_NAMESPACE, POSTGRES_USER, POSTGRES_PASSWORD/],
  ['own POD_NAME', () => ({ props: { sidecars: [s('a', { env: [{ name: 'POD_NAME', value: 'x' }] })] } }), /env\[0\]\.name: 'POD_NAME' is not valid/],
  ['an env var twice', () => ({ props: { sidecars: [s('a', { env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }] })] } }), /sidecars\[0\]\.env\[1\]\.name: 'X' is not valid; expected a name not set twice/],
  ['a mount over pgdata', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/home/postgres/pgdata' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.mountPath: '\/home\/postgres\/pgdata' is not valid; expected a path no other mount of the sidecar uses/],
  ['a mount over the socket directory', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/var/run/postgresql' }] })] } }),
    /volumeMounts\[0\]\.mountPath: '\/var\/run\/postgresql' is not valid/],
  ['a mount inside pgdata', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/home/postgres/pgdata/pgroot' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.mountPath: '\/home\/postgres\/pgdata\/pgroot' is not valid; expected a path that neither covers nor goes inside/],
  ['a mount over the ServiceAccount token', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] })] } }),
    /volumeMounts\[0\]\.mountPath: .* is not valid; expected a path that neither covers nor goes inside \/var\/run\/secrets\/kubernetes\.io/],
  ['a mount path with ..', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/tmp/../etc' }] })] } }), /volumeMounts\[0\]\.mountPath: '\/tmp\/\.\.\/etc' is not valid; expected a normalized absolute path/],
  ['a subPath that leaves the volume', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: '/shm', subPath: '../x' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.subPath: '\.\.\/x' is not valid; expected a relative path/],
  ['a relative mount path', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'dshm', mountPath: 'shm' }] })] } }), /volumeMounts\[0\]\.mountPath: 'shm' is not valid; expected an absolute path/],
  ['a mount of pgdata', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'pgdata', mountPath: '/data' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.name: 'pgdata' is not valid; expected a volume other than pgdata/],
  ['a mount of a volume the pod lacks', () => ({ props: { sidecars: [s('a', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })] } }),
    /sidecars\[0\]\.volumeMounts\[0\]\.name: 'cache' is not valid; expected a volume of the pod \(pgdata, dshm\)/],
  ['a sidecar volume named like an additional volume', () => ({
    props: {
      sidecars: [s('a', { volumes: [{ name: 'extra', emptyDir: {} }] })],
      additionalVolumes: [{ volume: { name: 'extra', emptyDir: {} }, mountPath: '/extra' }],
    },
  }), /sidecars\[0\]\.volumes\[0\]\.name: 'extra' is not valid; expected a volume name not used by another volume of the pod/],
  ['two sidecars bringing one volume name', () => ({ props: { sidecars: [s('a', { volumes: [{ name: 'v', emptyDir: {} }] }), s('b', { volumes: [{ name: 'v', emptyDir: {} }] })] } }),
    /sidecars\[1\]\.volumes\[0\]\.name: 'v' is not valid/],
  ['a config file key with a slash', () => ({ props: { sidecars: [s('a', { configFiles: { 'etc/a.conf': '' } })] } }), /sidecars\[0\]\.configFiles key: 'etc\/a\.conf' is not valid; expected a ConfigMap key/],
  ['fractional millicores', () => ({ props: { sidecars: [s('a', { resources: { cpuLimit: Cpu.millis(0.5) } })] } }), /sidecars\[0\]\.resources\.cpuLimit: '0\.5m' is not valid/],
  ['an init container without a name', () => ({ props: { initContainers: [{ image: 'x' } as any] } }), /initContainers\[0\]\.name: undefined is not valid; expected a container name/],
  ['duplicate fleet init containers', () => ({ fleet: { initContainers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] } }), /fleet\.initContainers\[1\]\.name: 'a' is not valid/],
  ['monitoring labels that are no labels', () => ({ props: { monitoring: { labels: { 'bad key': 'x' } } } }), /monitoring\.labels key: 'bad key' is not valid/],
  ['a disk threshold of 120 percent', () => ({ props: { monitoring: { diskUsagePercent: 120 } } }), /monitoring\.diskUsagePercent: 120 is not valid; expected a percentage/],
];

describe('bad sidecar, init container and monitoring input fails with a message naming the prop', () => {
  test.each(ROWS)('%s', (_name, input, error) => {
    const { props, fleet } = input();
    // WHEN the cluster is constructed, THEN it throws with the construct path and the prop
    expect(() => construct(props, fleet)).toThrow(error);
    expect(() => construct(props, fleet)).toThrow(new RegExp(`^test/${CLUSTER}: `));
  });

  test.each([
    [{ secretName: '' }, /^logForwarder\.secretName: '' is not valid; expected the name of a Secret/],
    [{ secretName: 'logs', port: 70000 }, /^logForwarder\.port: 70000 is not valid; expected an integer from 1 to 65535/],
    [{ secretName: 'logs', uri: 'ingest' }, /^logForwarder\.uri: 'ingest' is not valid; expected a path starting with \//],
    [{ secretName: 'logs', uri: '/ingest?token=${POSTGRES_PASSWORD}' }, /^logForwarder\.uri: '\/ingest\?token=\$\{POSTGRES_PASSWORD\}' is not valid; expected a path starting with \/ without spaces or \$/],
    [{ secretName: 'logs', tls: false }, /^logForwarder\.tls: false is not valid; expected true, or allowPlaintext: true/],
    [{ secretName: 'logs', apiKeyHeader: 'X Key' }, /^logForwarder\.apiKeyHeader: 'X Key' is not valid; expected an HTTP header name/],
    [{ secretName: 'logs', apiKeyScheme: 'Bearer $X' }, /^logForwarder\.apiKeyScheme: 'Bearer \$X' is not valid/],
  ])('the log forwarder factory refuses %j', (options, error) => {
    expect(() => PostgresSidecar.logForwarder(options)).toThrow(error);
  });

  test('addSidecar validates at once, naming the sidecar by its position', () => {
    const cluster = new PostgresCluster(chartIn('db'), CLUSTER, { teamId: 'acid', sidecars: [s('a')] });
    expect(() => cluster.addSidecar(s('a'))).toThrow(/sidecars\[1\]\.name: 'a' is not valid; expected a name not used by another of the cluster's sidecars/);
    expect(() => cluster.addSidecar(s('b', { ports: [port(5432)] }))).toThrow(/sidecars\[2\]\.ports\[0\]\.containerPort: 5432/);
  });

  test('a port conflict with a sidecar added later fails at synth time', () => {
    const c = chartIn('db');
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', fleet: undefined, sidecars: [s('a', { ports: [port(9100)] })] });
    cluster.addSidecar(s('b', { ports: [{ containerPort: 9100, protocol: 'UDP' }] })); // other protocol: fine
    expect(() => cluster.addSidecar(s('c', { ports: [port(9100)] }))).not.toThrow(); // checked for the whole pod at synth
    expect(() => Testing.synth(c)).toThrow(/sidecars\[2\]\.ports\[0\]\.containerPort: 9100 is not valid; expected a port not used by another sidecar/);
  });

  test('monitoring without a metrics sidecar fails at synth time; enabling it twice fails at once', () => {
    const c = chartIn('db');
    const cluster = new PostgresCluster(c, CLUSTER, { teamId: 'acid', monitoring: {} });
    expect(() => Testing.synth(c)).toThrow(/monitoring: 'enabled' is not valid; expected a sidecar with a metrics port, such as PostgresSidecar\.postgresExporter\(\)/);
    expect(() => cluster.enableMonitoring()).toThrow(/monitoring is already enabled/);
  });
});
