/*
 * The JavaScript shape of every list, map and object prop, checked before anything reads them: a caller without
 * TypeScript who passes a string for a list would otherwise meet a raw TypeError, or (for a map) a label `0: x`.
 */
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { fail } from '../private/validation';

export interface PropShapes {
  readonly lists: readonly string[];
  /** Objects of names to values (labels, annotations, users, ...). */
  readonly maps: readonly string[];
  /** Option objects (structs and Kubernetes types). */
  readonly objects: readonly string[];
}

/** `PostgresClusterProps`; a test keeps it equal to the jsii assembly's list, map and struct props. */
export const CLUSTER_PROP_SHAPES: PropShapes = {
  lists: ['additionalVolumes', 'env', 'envFrom', 'initContainers', 'sidecars', 'tolerations', 'topologySpreadConstraints'],
  maps: ['annotations', 'databases', 'labels', 'masterServiceAnnotations', 'parameters', 'passwordRotation', 'podAnnotations', 'preparedDatabases',
    'replicaServiceAnnotations', 'serviceAnnotations', 'userCredentials', 'users'],
  objects: ['connectionPooler', 'livenessProbe', 'loadBalancer', 'logicalBackup', 'majorVersionUpgrade', 'monitoring', 'networkPolicies', 'nodeAffinity', 'nodePort', 'patroni',
    'podAntiAffinity', 'resources', 'tls', 'volume'],
};

/** `FleetDefaultsProps`, likewise. */
export const FLEET_PROP_SHAPES: PropShapes = {
  lists: ['additionalPodCapabilities', 'allowedSecretNamespaces', 'initContainers', 'sidecars', 'tolerations'],
  maps: ['annotations', 'clusterLabels', 'labels', 'nodeReadinessLabel', 'podAnnotations', 'serviceAnnotations'],
  objects: ['connectionPooler', 'logicalBackup', 'monitoring', 'networkPolicies', 'nodePort', 'podAntiAffinity', 'resources', 'resourceThresholds'],
};

/** What a message asks for when an object prop is not one: its type, where the name helps. */
export function objectWording(prefix: string, prop: string): string {
  if (prop !== 'connectionPooler') return 'an object';
  return `a ${prefix ? 'ConnectionPoolerDefaults' : 'ConnectionPoolerOptions'} object ({} for the defaults)`;
}

export function assertPropShapes(props: PostgresClusterProps, fleet: FleetDefaultsProps): void {
  check('', props as unknown as Record<string, unknown>, CLUSTER_PROP_SHAPES);
  check('fleet.', fleet as unknown as Record<string, unknown>, FLEET_PROP_SHAPES);
}

function check(prefix: string, values: Record<string, unknown>, shapes: PropShapes): void {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const key of shapes.lists) {
    if (values[key] !== undefined && !Array.isArray(values[key])) fail(prefix + key, values[key], 'a list');
  }
  for (const key of shapes.maps) {
    if (values[key] !== undefined && !isObject(values[key])) fail(prefix + key, values[key], 'an object of names to values');
  }
  for (const key of shapes.objects) {
    if (values[key] !== undefined && !isObject(values[key])) fail(prefix + key, values[key], objectWording(prefix, key));
  }
}
