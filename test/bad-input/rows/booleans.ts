// Switches given a non-boolean: a JavaScript caller is not type-checked by jsii, and 'false' would read as true.
import { Backup, LogShipping, PostgresSidecar } from '../../../src';
import { s3 } from '../../backup/fixtures';
import { BadInputRow, row } from '../row';

const NOT_BOOLEAN = 'false' as any;
const truthy = (prop: string) => new RegExp(`${prop.replace(/[.[\]'()]/g, '\\$&')}: 'false' is not valid; expected true or false`);

export const rows: BadInputRow[] = [
  row('enableShmVolume as a string', 'PostgresClusterProps.enableShmVolume', () => ({ props: { enableShmVolume: NOT_BOOLEAN } }), truthy('enableShmVolume')),
  ...(['enableShmVolume', 'enablePodDisruptionBudget', 'enableReadinessProbe', 'enablePatroniFailsafeMode'] as const).map(key =>
    row(`fleet ${key} as a string`, `FleetDefaultsProps.${key}`, () => ({ fleet: { [key]: NOT_BOOLEAN } }), truthy(`fleet.${key}`))),
  row('setMemoryRequestToLimit as a string', 'ResourceThresholds.setMemoryRequestToLimit',
    () => ({ fleet: { resourceThresholds: { setMemoryRequestToLimit: NOT_BOOLEAN } } }), truthy('fleet.resourceThresholds.setMemoryRequestToLimit')),
  row('load balancer master as a string', 'LoadBalancerOptions.master', () => ({ props: { loadBalancer: { master: NOT_BOOLEAN } } }), truthy('loadBalancer.master')),
  row('load balancer replica as a string', 'LoadBalancerOptions.replica', () => ({ props: { loadBalancer: { replica: NOT_BOOLEAN } } }), truthy('loadBalancer.replica')),
  row('anti-affinity enabled as a string', 'PodAntiAffinityOptions.enabled', () => ({ props: { podAntiAffinity: { enabled: NOT_BOOLEAN } } }), truthy('podAntiAffinity.enabled')),
  row('fleet anti-affinity preferred as a string', 'PodAntiAffinityOptions.preferred', () => ({ fleet: { podAntiAffinity: { preferred: NOT_BOOLEAN } } }),
    truthy('fleet.podAntiAffinity.preferred')),
  row('synchronousMode as a string', 'PatroniOptions.synchronousMode', () => ({ props: { patroni: { synchronousMode: NOT_BOOLEAN } } }), truthy('patroni.synchronousMode')),
  row('failsafeMode as a string', 'PatroniOptions.failsafeMode', () => ({ props: { patroni: { failsafeMode: NOT_BOOLEAN } } }), truthy('patroni.failsafeMode')),
  row('pooler master as a string', 'ConnectionPoolerOptions.master', () => ({ props: { connectionPooler: { master: NOT_BOOLEAN } } }), truthy('connectionPooler.master')),
  row('pooler replica as a string', 'ConnectionPoolerOptions.replica', () => ({ props: { connectionPooler: { replica: NOT_BOOLEAN } } }), truthy('connectionPooler.replica')),
  row('podMonitor as a string', 'PostgresMonitoringOptions.podMonitor',
    () => ({ props: { monitoring: { podMonitor: NOT_BOOLEAN }, sidecars: [PostgresSidecar.postgresExporter()] } }), truthy('monitoring.podMonitor')),
  row('fleet monitoring rules as a string', 'PostgresMonitoringOptions.rules',
    () => ({ fleet: { monitoring: { rules: NOT_BOOLEAN } }, props: { sidecars: [PostgresSidecar.postgresExporter()] } }), truthy('fleet.monitoring.rules')),
  row('defaultUsers as a string', 'PreparedDatabase.defaultUsers', () => ({ props: { preparedDatabases: { shop: { defaultUsers: NOT_BOOLEAN } } } }),
    truthy("preparedDatabases['shop'].defaultUsers")),
  row('defaultRoles as a string', 'PreparedSchema.defaultRoles',
    () => ({ props: { preparedDatabases: { shop: { schemas: { data: { defaultRoles: NOT_BOOLEAN } } } } } }), truthy("preparedDatabases['shop'].schemas['data'].defaultRoles")),
  row('additional volume readOnly as a string', 'AdditionalVolume.readOnly',
    () => ({ props: { additionalVolumes: [{ volume: { name: 'extra', emptyDir: {} }, mountPath: '/extra', readOnly: NOT_BOOLEAN }] } }), truthy('additionalVolumes[0].readOnly')),
  row('backupFromReplica as a string', 'WalGOptions.backupFromReplica', () => ({ props: { backup: Backup.walG(s3(), { backupFromReplica: NOT_BOOLEAN }) } }),
    truthy('backup.backupFromReplica')),
  row('exporter customQueries as a string', 'PostgresExporterOptions.customQueries',
    () => ({ props: { sidecars: [PostgresSidecar.postgresExporter({ customQueries: NOT_BOOLEAN })] } }), truthy('postgresExporter.customQueries')),
  row('forwarder allowPlaintext as a string', 'LogForwarderOptions.allowPlaintext',
    () => ({ props: { sidecars: [PostgresSidecar.logForwarder({ secretName: 'logs', tls: false, allowPlaintext: NOT_BOOLEAN })] } }), truthy('logForwarder.allowPlaintext')),
  row('pooler master load balancer as a string', 'ConnectionPoolerDefaults.masterLoadBalancer',
    () => ({ props: { connectionPooler: { masterLoadBalancer: NOT_BOOLEAN } } }), truthy('connectionPooler.masterLoadBalancer')),
  row('fleet pooler replica load balancer as a string', 'ConnectionPoolerDefaults.replicaLoadBalancer',
    () => ({ fleet: { connectionPooler: { replicaLoadBalancer: NOT_BOOLEAN } } }), truthy('fleet.connectionPooler.replicaLoadBalancer')),
  row('fleet privileged as a string', 'FleetDefaultsProps.privileged', () => ({ fleet: { privileged: NOT_BOOLEAN } }), truthy('fleet.privileged')),
  row('fleet allowPrivilegeEscalation as a string', 'FleetDefaultsProps.allowPrivilegeEscalation',
    () => ({ fleet: { allowPrivilegeEscalation: NOT_BOOLEAN } }), truthy('fleet.allowPrivilegeEscalation')),
  row('synchronousModeStrict as a string', 'PatroniOptions.synchronousModeStrict',
    () => ({ props: { instances: 3, patroni: { synchronousMode: true, synchronousModeStrict: NOT_BOOLEAN } } }), truthy('patroni.synchronousModeStrict')),
  row('volume subPathIsExpression as a string', 'PostgresVolume.subPathIsExpression',
    () => ({ props: { volume: { subPath: 'data', subPathIsExpression: NOT_BOOLEAN } } }), truthy('volume.subPathIsExpression')),
  row('additional volume subPathIsExpression as a string', 'AdditionalVolume.subPathIsExpression',
    () => ({ props: { additionalVolumes: [{ volume: { name: 'x', emptyDir: {} }, mountPath: '/x', subPath: 'a', subPathIsExpression: NOT_BOOLEAN }] } }),
    truthy('additionalVolumes[0].subPathIsExpression')),
  row('log shipping hourly as a string', 'LogShippingOptions.hourly',
    () => ({ props: { logShipping: LogShipping.toStorage(s3(), { hourly: NOT_BOOLEAN }) } }), truthy('logShipping.hourly')),
  row('S3 forcePathStyle as a string', 'S3StorageProps.forcePathStyle',
    () => ({ props: { backup: Backup.walG(s3({ endpoint: 'https://minio.storage.svc:9000', forcePathStyle: NOT_BOOLEAN })) } }), truthy('backup.storage.forcePathStyle')),
];
