// Bad sidecar options not covered by sidecar.ts: the generic sidecar's command, probes and security, the exporter
// and the log forwarder factories, and monitoring options.
import { Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { PostgresClusterProps, PostgresExporterConnection, PostgresSidecar, PostgresSidecarProps } from '../../../src';
import { BadInputRow, PropPath, row } from '../row';

const IntOrString = k8s.IntOrString;
const s = (extra: Partial<PostgresSidecarProps>) => () => ({ props: { sidecars: [new PostgresSidecar({ name: 'a', image: 'example/img:1', ...extra })] } });
const exporter = (o: object) => () => ({ props: { sidecars: [PostgresSidecar.postgresExporter(o as any)] } });
const forwarder = (o: object) => () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', ...o } as any)] } });
const monitored = (monitoring: PostgresClusterProps['monitoring']) => () => ({ props: { sidecars: [PostgresSidecar.postgresExporter()], monitoring } });

/** [title, props covered, input built lazily, message]. */
const ROWS: Array<[string, PropPath[], () => { props: Partial<PostgresClusterProps> }, RegExp]> = [
  ['an argument with a NUL', ['PostgresSidecarProps.args'], s({ args: ['a\u0000b'] }), /sidecars\[0\]\.args\[0\]: 'a\u0000b' is not valid; expected a string without control characters/],
  ['a relative config mount path', ['PostgresSidecarProps.configMountPath'], s({ configFiles: { 'a.conf': 'x' }, configMountPath: 'etc' }), /sidecars\[0\]\.configMountPath: 'etc' is not valid; expected an absolute path/],
  ['a command with a newline', ['PostgresSidecarProps.command'], s({ command: ['sh\n-c'] }), /sidecars\[0\]\.command\[0\]: 'sh\n-c' is not valid; expected a string without control characters/],
  ['envFrom a Secret with upper case', ['PostgresSidecarProps.envFrom'], s({ envFrom: [{ secretRef: { name: 'Bad_S' } }] }), /sidecars\[0\]\.envFrom\[0\]\.secretRef\.name: 'Bad_S' is not valid; expected a DNS-1123 subdomain/],
  ['a liveness probe with a negative period', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } }), /sidecars\[0\]\.livenessProbe\.periodSeconds: -1 is not valid; expected an integer from 0 to/],
  ['a readiness probe with a negative period', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } }), /sidecars\[0\]\.readinessProbe\.periodSeconds: -1 is not valid; expected an integer from 0 to/],
  ['a startup probe with successThreshold 2', ['PostgresSidecarProps.startupProbe'], s({ startupProbe: { exec: { command: ['true'] }, successThreshold: 2 } }), /sidecars\[0\]\.startupProbe\.successThreshold: 2 is not valid; expected 1 for a startup probe/],
  ['an argument that is no string', ['PostgresSidecarProps.args'], s({ args: [5 as any] }), /sidecars\[0\]\.args\[0\]: 5 is not valid; expected a string/],
  ['a command that is no list', ['PostgresSidecarProps.command'], s({ command: 'sh -c x' as any }), /sidecars\[0\]\.command: 'sh -c x' is not valid; expected a list of strings/],
  ['envFrom a ConfigMap with upper case', ['PostgresSidecarProps.envFrom'], s({ envFrom: [{ configMapRef: { name: 'Bad_C' } }] }), /sidecars\[0\]\.envFrom\[0\]\.configMapRef\.name: 'Bad_C' is not valid; expected a DNS-1123 subdomain/],
  ['envFrom a prefix starting with a digit', ['PostgresSidecarProps.envFrom'], s({ envFrom: [{ prefix: '1_', secretRef: { name: 's' } }] }), /sidecars\[0\]\.envFrom\[0\]\.prefix: '1_' is not valid; expected an env var name/],
  ['envFrom a Secret and a ConfigMap in one entry', ['PostgresSidecarProps.envFrom'], s({ envFrom: [{ secretRef: { name: 's' }, configMapRef: { name: 'c' } }] }),
    /sidecars\[0\]\.envFrom\[0\]: \["secretRef","configMapRef"\] is not valid; expected exactly one of secretRef and configMapRef/],
  ['a probe without a handler', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { periodSeconds: 10 } }), /sidecars\[0\]\.readinessProbe: \{"periodSeconds":10\} is not valid; expected a probe with one handler/],
  ['a probe with two handlers', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: ['true'] }, grpc: { port: 9000 } } }),
    /sidecars\[0\]\.livenessProbe\.exec, sidecars\[0\]\.livenessProbe\.grpc: a probe takes exactly one handler/],
  ['a liveness probe with successThreshold 3', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 3 } }),
    /sidecars\[0\]\.livenessProbe\.successThreshold: 3 is not valid; expected 1 for a liveness probe/],
  ['a probe with a fractional timeout', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { exec: { command: ['true'] }, timeoutSeconds: 1.5 } }), /sidecars\[0\]\.readinessProbe\.timeoutSeconds: 1\.5 is not valid; expected an integer/],
  ['a probe with a negative failureThreshold', ['PostgresSidecarProps.startupProbe'], s({ startupProbe: { exec: { command: ['true'] }, failureThreshold: -3 } }), /sidecars\[0\]\.startupProbe\.failureThreshold: -3 is not valid; expected an integer from 0/],
  ['a probe with a negative initial delay', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: -5 } }),
    /sidecars\[0\]\.readinessProbe\.initialDelaySeconds: -5 is not valid; expected an integer from 0/],
  ['a readiness probe with its own grace period', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 10 } }),
    /sidecars\[0\]\.readinessProbe\.terminationGracePeriodSeconds: 10 is not valid; expected none for a readiness probe/],
  ['a liveness probe with grace period 0', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 } }),
    /sidecars\[0\]\.livenessProbe\.terminationGracePeriodSeconds: 0 is not valid; expected an integer from 1/],
  ['a probe exec without a command', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: [] } } }), /sidecars\[0\]\.livenessProbe\.exec\.command: \[\] is not valid; expected a command to run/],
  ['a probe on a port name the sidecar lacks', ['PostgresSidecarProps.readinessProbe'], s({ ports: [{ name: 'web', containerPort: 9100 }], readinessProbe: { httpGet: { port: IntOrString.fromString('metrics') } } }),
    /sidecars\[0\]\.readinessProbe\.httpGet\.port: 'metrics' is not valid; expected a port number from 1 to 65535 or the name of one of the container's ports \(web\)/],
  ['a probe on port 0', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { tcpSocket: { port: IntOrString.fromNumber(0) } } }), /sidecars\[0\]\.livenessProbe\.tcpSocket\.port: 0 is not valid; expected an integer from 1 to 65535/],
  ['a fleet sidecar probe with a negative period', ['FleetDefaultsProps.sidecars', 'PostgresSidecarProps.livenessProbe'],
    () => ({ props: {}, fleet: { sidecars: [new PostgresSidecar({ name: 'a', image: 'example/img:1', livenessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } })] } }),
    /fleet\.sidecars\[0\]\.livenessProbe\.periodSeconds: -1 is not valid/],
  ['a config mount path without config files', ['PostgresSidecarProps.configMountPath'], s({ configMountPath: '/etc/a' }), /sidecars\[0\]\.configMountPath: '\/etc\/a' is not valid; expected no configMountPath without configFiles/],
  ['a shared socket without superuser access granted', ['PostgresSidecarProps.shareSocket'], s({ shareSocket: true }), /sidecars\[0\]\.shareSocket: Spilo trusts connections on the socket/],
  ['superuserAccess that is no boolean', ['PostgresSidecarProps.superuserAccess'], s({ superuserAccess: 'yes' as any }), /sidecars\[0\]\.superuserAccess: 'yes' is not valid; expected true or false/],
  ['pgdataWritable that is no boolean', ['PostgresSidecarProps.pgdataWritable'], s({ pgdataWritable: 1 as any }), /sidecars\[0\]\.pgdataWritable: 1 is not valid; expected true or false/],
  ['an unknown exporter connection', ['PostgresExporterOptions.connection'], exporter({ connection: 'tcp' as PostgresExporterConnection }), /^postgresExporter\.connection: 'tcp' is not valid; expected one of 'socket', 'localhost-tls'$/],
  ['an exporter flag with a newline', ['PostgresExporterOptions.extraArgs'], exporter({ extraArgs: ['--a\n--b'] }), /^postgresExporter\.extraArgs\[0\]: '--a\n--b' is not valid; expected a string without control characters/],
  ['an exporter flag that is no string', ['PostgresExporterOptions.extraArgs'], exporter({ extraArgs: [1] }), /^postgresExporter\.extraArgs\[0\]: 1 is not valid; expected a string/],
  ['an exporter image with a space', ['PostgresExporterOptions.image'], exporter({ image: 'my image' }), /image: 'my image' is not valid/],
  ['an exporter name with upper case', ['PostgresExporterOptions.name'], exporter({ name: 'Exporter' }), /name: 'Exporter' is not valid/],
  ['exporter resources in fractional millicores', ['PostgresExporterOptions.resources'], exporter({ resources: { cpuLimit: Cpu.millis(0.5) } }), /resources\.cpuLimit: '0\.5m' is not valid/],
  ['a forwarder API key key with a space', ['LogForwarderOptions.apiKeyKey'], forwarder({ apiKeyKey: 'api key' }), /^logForwarder\.apiKeyKey: 'api key' is not valid; expected a Secret key/],
  ['a forwarder host key with a space', ['LogForwarderOptions.hostKey'], forwarder({ hostKey: 'host name' }), /^logForwarder\.hostKey: 'host name' is not valid; expected a Secret key/],
  ['a forwarder API key key of ..', ['LogForwarderOptions.apiKeyKey'], forwarder({ apiKeyKey: '..' }), /^logForwarder\.apiKeyKey: '\.\.' is not valid; expected a Secret key/],
  ['a forwarder Secret name with upper case', ['LogForwarderOptions.secretName'], forwarder({ secretName: 'Logs' }), /^logForwarder\.secretName: 'Logs' is not valid; expected a DNS-1123 subdomain/],
  ['a forwarder image with a space', ['LogForwarderOptions.image'], forwarder({ image: 'fluent bit' }), /image: 'fluent bit' is not valid/],
  ['a forwarder name with upper case', ['LogForwarderOptions.name'], forwarder({ name: 'Logs' }), /name: 'Logs' is not valid/],
  ['forwarder resources in fractional millicores', ['LogForwarderOptions.resources'], forwarder({ resources: { cpuLimit: Cpu.millis(0.5) } }), /resources\.cpuLimit: '0\.5m' is not valid/],
  ['alert labels that are no labels', ['PostgresClusterProps.monitoring', 'PostgresMonitoringOptions.alertLabels'], monitored({ alertLabels: { 'bad key': 'x' } }), /monitoring\.alertLabels key: 'bad key' is not valid/],
  ['a connection threshold of 120 percent', ['PostgresMonitoringOptions.connectionUsagePercent'], monitored({ connectionUsagePercent: 120 }), /monitoring\.connectionUsagePercent: 120 is not valid; expected a percentage/],
  ['a zero replication lag threshold', ['PostgresMonitoringOptions.replicationLagThreshold'], monitored({ replicationLagThreshold: Size.kibibytes(0) }), /monitoring\.replicationLagThreshold: '0 bytes' is not valid/],
  ['a scrape interval of half a second', ['PostgresMonitoringOptions.scrapeInterval'], monitored({ scrapeInterval: Duration.millis(500) }), /monitoring\.scrapeInterval: '500 millis' is not valid/],
  ['a zero WAL archive age', ['PostgresMonitoringOptions.walArchiveMaxAge'], monitored({ walArchiveMaxAge: Duration.seconds(0) }), /monitoring\.walArchiveMaxAge: '0 seconds' is not valid/],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) => row(title, covers, input, error));
