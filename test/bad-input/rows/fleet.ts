// Bad fleet-wide defaults not covered by the area files: pod security, PAM, env sources, scheduling and Job defaults.
import { Duration } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { FleetDefaultsProps, LogShipping, PostgresClusterProps } from '../../../src';
import { gcs, s3 } from '../../backup/fixtures';
import { BadInputRow, PropPath, row } from '../row';

const f = (fleet: FleetDefaultsProps, props: Partial<PostgresClusterProps> = {}) => () => ({ fleet, props });

/** [title, props covered, input built lazily, message]. */
const ROWS: Array<[string, PropPath[], () => { fleet: FleetDefaultsProps; props: Partial<PostgresClusterProps> }, RegExp]> = [
  ['a capability that is no capability', ['FleetDefaultsProps.additionalPodCapabilities'], f({ additionalPodCapabilities: ['sys admin'] }), /fleet\.additionalPodCapabilities\[0\]: 'sys admin' is not valid/],
  ['privileged without privilege escalation', ['FleetDefaultsProps.privileged', 'FleetDefaultsProps.allowPrivilegeEscalation'], f({ privileged: true, allowPrivilegeEscalation: false }),
    /fleet\.privileged, fleet\.allowPrivilegeEscalation/],
  ['fleet annotation key with a space', ['FleetDefaultsProps.annotations'], f({ annotations: { 'bad key': 'x' } }), /fleet\.annotations key: 'bad key' is not valid/],
  ['fleet pod annotation key with a space', ['FleetDefaultsProps.podAnnotations'], f({ podAnnotations: { 'bad key': 'x' } }), /fleet\.podAnnotations key: 'bad key' is not valid/],
  ['fleet pod annotation the library sets', ['FleetDefaultsProps.podAnnotations'], f({ podAnnotations: { 'cdk8s-postgres/local-configuration': 'x' } }),
    /fleet\.podAnnotations: 'cdk8s-postgres\/local-configuration' is not valid/],
  ['fleet service annotation key with a space', ['FleetDefaultsProps.serviceAnnotations'], f({ serviceAnnotations: { 'bad key': 'x' } }), /fleet\.serviceAnnotations key: 'bad key' is not valid/],
  ['hosted zone with a space', ['FleetDefaultsProps.dbHostedZone'], f({ dbHostedZone: 'db example.com' }), /fleet\.dbHostedZone: 'db example\.com' is not valid/],
  ['unknown fleet traffic policy', ['FleetDefaultsProps.externalTrafficPolicy'], f({ externalTrafficPolicy: 'Nowhere' as any }), /fleet\.externalTrafficPolicy: 'Nowhere' is not valid/],
  ['negative fleet fsGroup', ['FleetDefaultsProps.fsGroup'], f({ fsGroup: -1 }), /fleet\.fsGroup: -1 is not valid; expected an integer >= 0/],
  ['negative fleet runAsUser', ['FleetDefaultsProps.runAsUser'], f({ runAsUser: -5 }), /fleet\.runAsUser: -5 is not valid; expected an integer >= 0/],
  ['fractional fleet runAsGroup', ['FleetDefaultsProps.runAsGroup'], f({ runAsGroup: 2.5 }), /fleet\.runAsGroup: 2\.5 is not valid; expected an integer >= 0/],
  ['fleet logs to Cloud Storage', ['FleetDefaultsProps.logShipping'], () => ({ fleet: { logShipping: LogShipping.toStorage(gcs()) }, props: {} }), /fleet\.logShipping\.storage: 'BackupStorage\.gcs\(\)' is not valid/],
  ['fleet disk threshold of 120 percent', ['FleetDefaultsProps.monitoring'], f({ monitoring: { diskUsagePercent: 120 } }, { monitoring: undefined }), /fleet\.monitoring\.diskUsagePercent: 120 is not valid/],
  ['unknown readiness label merge', ['FleetDefaultsProps.nodeReadinessLabelMerge'], f({ nodeReadinessLabel: { ready: 'true' }, nodeReadinessLabelMerge: 'XOR' as any }), /fleet\.nodeReadinessLabelMerge: 'XOR' is not valid/],
  ['PAM configuration with a newline', ['FleetDefaultsProps.pamConfiguration'], f({ pamConfiguration: 'https://auth.example.com\nx' }), /fleet\.pamConfiguration: [\s\S]* is not valid/],
  ['PAM role that is no role name', ['FleetDefaultsProps.pamRoleName'], f({ pamRoleName: 'Human Role' }), /fleet\.pamRoleName: 'Human Role' is not valid/],
  ['env ConfigMap name with upper case', ['FleetDefaultsProps.podEnvironmentConfigMap'], f({ podEnvironmentConfigMap: 'Pod_Env' }), /fleet\.podEnvironmentConfigMap: 'Pod_Env' is not valid/],
  ['env Secret name with upper case', ['FleetDefaultsProps.podEnvironmentSecret'], f({ podEnvironmentSecret: 'Pod_Env' }), /fleet\.podEnvironmentSecret: 'Pod_Env' is not valid/],
  ['unknown fleet pod management policy', ['FleetDefaultsProps.podManagementPolicy'], f({ podManagementPolicy: 'Random' as any }), /fleet\.podManagementPolicy: 'Random' is not valid/],
  ['fleet priority class with underscore', ['FleetDefaultsProps.podPriorityClassName'], f({ podPriorityClassName: 'db_critical' }), /fleet\.podPriorityClassName: 'db_critical' is not valid/],
  ['fleet grace period of half a second', ['FleetDefaultsProps.podTerminateGracePeriod'], f({ podTerminateGracePeriod: Duration.millis(500) }), /fleet\.podTerminateGracePeriod: '500 millis' is not valid/],
  ['fleet CPU limit in fractional millicores', ['FleetDefaultsProps.resources', 'PostgresResources.cpuLimit'], f({ resources: { cpuLimit: Cpu.millis(0.5) } }), /fleet\.resources\.cpuLimit: '0\.5m' is not valid/],
  ['fleet maximum CPU request in fractional millicores', ['FleetDefaultsProps.resourceThresholds', 'ResourceThresholds.maxCpuRequest'], f({ resourceThresholds: { maxCpuRequest: Cpu.millis(0.5) } }),
    /fleet\.resourceThresholds\.maxCpuRequest: '0\.5m' is not valid/],
  ['negative failed Jobs history', ['LogicalBackupDefaults.failedJobsHistoryLimit'], f({ logicalBackup: { failedJobsHistoryLimit: -1 } }, { logicalBackup: { storage: s3() } }),
    /fleet\.logicalBackup\.failedJobsHistoryLimit: -1 is not valid; expected an integer >= 0/],
  ['Job TTL of half a second', ['LogicalBackupDefaults.ttlAfterFinished'], f({ logicalBackup: { ttlAfterFinished: Duration.millis(500) } }, { logicalBackup: { storage: s3() } }),
    /fleet\.logicalBackup\.ttlAfterFinished: '500 millis' is not valid/],
];

/** Inputs accepted today, with the file where the check belongs (reported). */
const GAPS: Record<string, string> = {};
/** Refused, but the message names the cluster prop rather than the fleet one. */
const NAMES: Record<string, string[]> = {};

export const rows: BadInputRow[] = ROWS.map(([title, covers, input, error]) =>
  ({ ...row(title, covers, input, error, NAMES[title]), ...(GAPS[title] ? { knownGap: GAPS[title] } : {}) }));
