import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { CpuQuantity } from '../../cluster/cpu-quantity';
import { exporterQueriesYaml } from '../../monitoring/exporter-queries';
import { assertArguments } from '../../private/arguments';
import { assertBoolean, fail } from '../../private/validation';
import { PostgresExporterConnection, PostgresExporterOptions } from '../postgres-exporter';
import type { PostgresSidecarProps } from '../postgres-sidecar-props';

/** postgres_exporter release the factory uses (the newest upstream release tag when this was written). */
export const DEFAULT_EXPORTER_IMAGE = 'quay.io/prometheuscommunity/postgres-exporter:v0.20.1';
/** The exporter's listen port and its port name. */
export const EXPORTER_PORT = 9187;
export const EXPORTER_PORT_NAME = 'exporter';

/** The props behind `PostgresSidecar.postgresExporter()`. */
export function exporterSidecarProps(given: PostgresExporterOptions): PostgresSidecarProps {
  const options = given ?? {};
  const name = options.name ?? 'postgres-exporter';
  const connection = options.connection ?? PostgresExporterConnection.SOCKET;
  const connections = Object.values(PostgresExporterConnection) as string[];
  if (!connections.includes(connection)) fail('postgresExporter.connection', connection, `one of ${connections.map(c => `'${c}'`).join(', ')}`);
  // Checked here: in the sidecar they follow the exporter's own flag, so its args[i] would not name extraArgs.
  assertArguments('postgresExporter.extraArgs', options.extraArgs);
  const socket = connection === PostgresExporterConnection.SOCKET;
  assertBoolean('postgresExporter.customQueries', options.customQueries);
  const queries = options.customQueries ?? true;
  const configPath = `/etc/${name}`;
  return {
    name,
    image: options.image ?? DEFAULT_EXPORTER_IMAGE,
    args: [`--web.listen-address=:${EXPORTER_PORT}`, ...(options.extraArgs ?? [])],
    env: [
      {
        name: 'DATA_SOURCE_URI',
        value: socket ? 'localhost/postgres?host=/var/run/postgresql&sslmode=disable' : 'localhost:5432/postgres?sslmode=require',
      },
      // Kubernetes expands these from the variables the cluster injects before them.
      { name: 'DATA_SOURCE_USER', value: '$(POSTGRES_USER)' },
      { name: 'DATA_SOURCE_PASS', value: '$(POSTGRES_PASSWORD)' },
      ...(queries ? [{ name: 'PG_EXPORTER_EXTEND_QUERY_PATH', value: `${configPath}/queries.yaml` }] : []),
    ],
    ports: [{ name: EXPORTER_PORT_NAME, containerPort: EXPORTER_PORT, protocol: 'TCP' }],
    metricsPortName: EXPORTER_PORT_NAME,
    resources: options.resources ?? {
      cpuRequest: CpuQuantity.millis(50), memoryRequest: Size.mebibytes(64), cpuLimit: CpuQuantity.millis(500), memoryLimit: Size.mebibytes(256),
    },
    ...(queries ? { configFiles: { 'queries.yaml': exporterQueriesYaml() }, configMountPath: configPath } : {}),
    // No readiness probe: a sidecar that is not ready takes the database pod out of its Services.
    livenessProbe: {
      httpGet: { path: '/', port: k8s.IntOrString.fromNumber(EXPORTER_PORT) },
      initialDelaySeconds: 10,
      periodSeconds: 30,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    securityContext: {
      runAsUser: 65534,
      runAsGroup: 65534,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    shareSocket: socket,
    // Its queries read every database's statistics; a dedicated monitoring role is not there yet.
    superuserAccess: true,
  };
}
