import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { assertBoolean } from '../private/validation';

/**
 * The cluster's and the fleet's switches. JavaScript callers are not type-checked by jsii, and a string such as
 * 'false' would be read as true.
 */
export function assertBooleanProps(props: PostgresClusterProps, fleet: FleetDefaultsProps): void {
  assertBoolean('enableShmVolume', props.enableShmVolume);
  assertBoolean('patroniApiAuthentication', props.patroniApiAuthentication);
  for (const key of ['enableShmVolume', 'enablePodDisruptionBudget', 'enableReadinessProbe', 'enablePatroniFailsafeMode'] as const) {
    assertBoolean(`fleet.${key}`, fleet[key]);
  }
  assertBoolean('fleet.resourceThresholds.setMemoryRequestToLimit', fleet.resourceThresholds?.setMemoryRequestToLimit);
  assertBoolean('loadBalancer.master', props.loadBalancer?.master);
  assertBoolean('loadBalancer.replica', props.loadBalancer?.replica);
  for (const [prop, anti] of [['podAntiAffinity', props.podAntiAffinity], ['fleet.podAntiAffinity', fleet.podAntiAffinity]] as const) {
    assertBoolean(`${prop}.enabled`, anti?.enabled);
    assertBoolean(`${prop}.preferred`, anti?.preferred);
  }
  assertBoolean('patroni.synchronousMode', props.patroni?.synchronousMode);
  assertBoolean('patroni.failsafeMode', props.patroni?.failsafeMode);
  for (const key of ['master', 'replica', 'masterLoadBalancer', 'replicaLoadBalancer'] as const) {
    assertBoolean(`connectionPooler.${key}`, props.connectionPooler?.[key]);
  }
  assertBoolean('fleet.connectionPooler.masterLoadBalancer', fleet.connectionPooler?.masterLoadBalancer);
  assertBoolean('fleet.connectionPooler.replicaLoadBalancer', fleet.connectionPooler?.replicaLoadBalancer);
  assertBoolean('fleet.privileged', fleet.privileged);
  assertBoolean('fleet.allowPrivilegeEscalation', fleet.allowPrivilegeEscalation);
  assertBoolean('patroni.synchronousModeStrict', props.patroni?.synchronousModeStrict);
  assertBoolean('volume.subPathIsExpression', props.volume?.subPathIsExpression);
  for (const [prop, monitoring] of [['monitoring', props.monitoring], ['fleet.monitoring', fleet.monitoring]] as const) {
    assertBoolean(`${prop}.podMonitor`, monitoring?.podMonitor);
    assertBoolean(`${prop}.rules`, monitoring?.rules);
  }
  for (const [db, spec] of Object.entries(props.preparedDatabases ?? {})) {
    assertBoolean(`preparedDatabases['${db}'].defaultUsers`, spec?.defaultUsers);
    for (const [schema, s] of Object.entries(spec?.schemas ?? {})) {
      assertBoolean(`preparedDatabases['${db}'].schemas['${schema}'].defaultRoles`, s?.defaultRoles);
    }
  }
  (props.additionalVolumes ?? []).forEach((v, i) => {
    assertBoolean(`additionalVolumes[${i}].readOnly`, v?.readOnly);
    assertBoolean(`additionalVolumes[${i}].subPathIsExpression`, v?.subPathIsExpression);
  });
}
