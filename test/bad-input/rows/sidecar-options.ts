// Bad sidecar options not covered by sidecar.ts: the generic sidecar's command, probes and security, the exporter
// and the log forwarder factories, and monitoring options.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { PostgresClusterProps, PostgresExporterConnection, PostgresSidecar, PostgresSidecarProps } from '../../../src';
import { BadInputRow, PropPath, row } from '../row';

const s = (extra: Partial<PostgresSidecarProps>) => () => ({ props: { sidecars: [new PostgresSidecar({ name: 'a', image: 'example/img:1', ...extra })] } });
const exporter = (o: object) => () => ({ props: { sidecars: [PostgresSidecar.postgresExporter(o as any)] } });
const forwarder = (o: object) => () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', ...o } as any)] } });
const monitored = (monitoring: PostgresClusterProps['monitoring']) => () => ({ props: { sidecars: [PostgresSidecar.postgresExporter()], monitoring } });

/** [title, props covered, input built lazily, message]. */
const ROWS: Array<[string, PropPath[], () => { props: Partial<PostgresClusterProps> }, RegExp]> = [
  ['an argument with a NUL', ['PostgresSidecarProps.args'], s({ args: ['a\u0000b'] }), /sidecars\[0\]\.args\[0\]: [\s\S]* is not valid/],
  ['a relative config mount path', ['PostgresSidecarProps.configMountPath'], s({ configFiles: { 'a.conf': 'x' }, configMountPath: 'etc' }), /sidecars\[0\]\.configMountPath\.mountPath: 'etc' is not valid; expected an absolute path/],
  ['a command with a newline', ['PostgresSidecarProps.command'], s({ command: ['sh\n-c'] }), /sidecars\[0\]\.command\[0\]: [\s\S]* is not valid/],
  ['envFrom a Secret with upper case', ['PostgresSidecarProps.envFrom'], s({ envFrom: [{ secretRef: { name: 'Bad_S' } }] }), /sidecars\[0\]\.envFrom\[0\]\.secretRef\.name: 'Bad_S' is not valid/],
  ['a liveness probe with a negative period', ['PostgresSidecarProps.livenessProbe'], s({ livenessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } }), /sidecars\[0\]\.livenessProbe\.periodSeconds: -1 is not valid/],
  ['a readiness probe with a negative period', ['PostgresSidecarProps.readinessProbe'], s({ readinessProbe: { exec: { command: ['true'] }, periodSeconds: -1 } }), /sidecars\[0\]\.readinessProbe\.periodSeconds: -1 is not valid/],
  ['a startup probe with successThreshold 2', ['PostgresSidecarProps.startupProbe'], s({ startupProbe: { exec: { command: ['true'] }, successThreshold: 2 } }), /sidecars\[0\]\.startupProbe\.successThreshold: 2 is not valid/],
  ['a privileged sidecar', ['PostgresSidecarProps.securityContext'], s({ securityContext: { privileged: true } }), /sidecars\[0\]\.securityContext/],
  ['a shared socket without superuser access granted', ['PostgresSidecarProps.shareSocket'], s({ shareSocket: true }), /sidecars\[0\]\.shareSocket: Spilo trusts connections on the socket/],
  ['superuserAccess that is no boolean', ['PostgresSidecarProps.superuserAccess'], s({ superuserAccess: 'yes' as any }), /sidecars\[0\]\.superuserAccess: 'yes' is not valid; expected true or false/],
  ['pgdataWritable that is no boolean', ['PostgresSidecarProps.pgdataWritable'], s({ pgdataWritable: 1 as any }), /sidecars\[0\]\.pgdataWritable: 1 is not valid; expected true or false/],
  ['an unknown exporter connection', ['PostgresExporterOptions.connection'], exporter({ connection: 'tcp' as PostgresExporterConnection }), /connection: 'tcp' is not valid/],
  ['an exporter flag with a newline', ['PostgresExporterOptions.extraArgs'], exporter({ extraArgs: ['--a\n--b'] }), /extraArgs\[0\]: [\s\S]* is not valid/],
  ['an exporter image with a space', ['PostgresExporterOptions.image'], exporter({ image: 'my image' }), /image: 'my image' is not valid/],
  ['an exporter name with upper case', ['PostgresExporterOptions.name'], exporter({ name: 'Exporter' }), /name: 'Exporter' is not valid/],
  ['exporter resources in fractional millicores', ['PostgresExporterOptions.resources'], exporter({ resources: { cpuLimit: Cpu.millis(0.5) } }), /resources\.cpuLimit: '0\.5m' is not valid/],
  ['a forwarder API key key with a space', ['LogForwarderOptions.apiKeyKey'], forwarder({ apiKeyKey: 'api key' }), /logForwarder\.apiKeyKey: 'api key' is not valid/],
  ['a forwarder host key with a space', ['LogForwarderOptions.hostKey'], forwarder({ hostKey: 'host name' }), /logForwarder\.hostKey: 'host name' is not valid/],
  ['a forwarder image with a space', ['LogForwarderOptions.image'], forwarder({ image: 'fluent bit' }), /image: 'fluent bit' is not valid/],
  ['a forwarder name with upper case', ['LogForwarderOptions.name'], forwarder({ name: 'Logs' }), /name: 'Logs' is not valid/],
  ['forwarder resources in fractional millicores', ['LogForwarderOptions.resources'], forwarder({ resources: { cpuLimit: Cpu.millis(0.5) } }), /resources\.cpuLimit: '0\.5m' is not valid/],
  ['alert labels that are no labels', ['PostgresClusterProps.monitoring', 'PostgresMonitoringOptions.alertLabels'], monitored({ alertLabels: { 'bad key': 'x' } }), /monitoring\.alertLabels key: 'bad key' is not valid/],
  ['a connection threshold of 120 percent', ['PostgresMonitoringOptions.connectionUsagePercent'], monitored({ connectionUsagePercent: 120 }), /monitoring\.connectionUsagePercent: 120 is not valid; expected a percentage/],
  ['a zero replication lag threshold', ['PostgresMonitoringOptions.replicationLagThreshold'], monitored({ replicationLagThreshold: Size.kibibytes(0) }), /monitoring\.replicationLagThreshold: '0 bytes' is not valid/],
  ['a scrape interval of half a second', ['PostgresMonitoringOptions.scrapeInterval'], monitored({ scrapeInterval: Duration.millis(500) }), /monitoring\.scrapeInterval: '500 millis' is not valid/],
  ['a zero WAL archive age', ['PostgresMonitoringOptions.walArchiveMaxAge'], monitored({ walArchiveMaxAge: Duration.seconds(0) }), /monitoring\.walArchiveMaxAge: '0 seconds' is not valid/],
];

/** Inputs accepted today, with the file where the check belongs (reported). */
const GAPS: Record<string, string> = {
  'an argument with a NUL': 'src/sidecar/postgres-sidecar.ts',
  'a command with a newline': 'src/sidecar/postgres-sidecar.ts',
  'envFrom a Secret with upper case': 'src/sidecar/postgres-sidecar.ts',
  'a liveness probe with a negative period': 'src/sidecar/postgres-sidecar.ts',
  'a readiness probe with a negative period': 'src/sidecar/postgres-sidecar.ts',
  'a startup probe with successThreshold 2': 'src/sidecar/postgres-sidecar.ts',
  'a privileged sidecar': 'src/sidecar/postgres-sidecar.ts',
  'an unknown exporter connection': 'src/sidecar/postgres-exporter.ts',
  'an exporter flag with a newline': 'src/sidecar/postgres-exporter.ts',
  'a forwarder API key key with a space': 'src/sidecar/log-forwarder.ts',
  'a forwarder host key with a space': 'src/sidecar/log-forwarder.ts',
};

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) =>
  ({ ...row(title, covers, input, error), ...(GAPS[title] ? { knownGap: GAPS[title] } : {}) }));
