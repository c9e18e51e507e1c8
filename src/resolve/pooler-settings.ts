/*
 * The effective pooler settings of one cluster: the cluster's `connectionPooler` over the fleet's
 * over the operator's defaults, validated, with the pool sizes and resources computed exactly as
 * the operator computes them (pkg/cluster/connection_pooler.go, k8sres.go generateResourceRequirements).
 */
import { Size } from 'cdk8s';
import { CpuQuantity } from '../cluster/cpu-quantity';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PoolerSettings, PoolSizes } from '../model/pooler';
import { ConnectionPoolerDefaults, ConnectionPoolerOptions, DEFAULT_POOLER_IMAGE, PoolerResources, PoolMode } from '../pooler/connection-pooler-options';
import { cpuMillis, cpuQuantity, memoryBytes, sizeQuantity } from '../private/quantity';
import { assertInteger, fail, failConflict } from '../private/validation';
import { assertPoolerRoleName, assertPoolerSchemaName } from '../users/role-names';

/** The operator's arithmetic (getConnectionPoolerEnvVars): Go integer division, no clamps. */
export function poolSizes(maxDBConnections: number, instances: number): PoolSizes {
  const maxDbConnections = Math.trunc(maxDBConnections / instances);
  const defaultSize = Math.trunc(maxDbConnections / 2);
  const minSize = Math.trunc(defaultSize / 2);
  return { maxDbConnections, defaultSize, minSize, reserveSize: minSize };
}

/** Settings of the cluster's poolers, or undefined when it has none. */
export function poolerSettings(props: PostgresClusterProps, fleet: FleetDefaultsProps, replicationUser: string): PoolerSettings | undefined {
  const own: ConnectionPoolerOptions | undefined = props.connectionPooler;
  if (own === undefined) return undefined;
  if (own === null || typeof own !== 'object') fail('connectionPooler', own, 'a ConnectionPoolerOptions object ({} for the defaults)');
  const master = own.master ?? true;
  const replica = own.replica ?? false;
  if (!master && !replica) return undefined;
  if (props.standby !== undefined) {
    failConflict('connectionPooler, standby', 'a standby cluster is read-only, so the sync Job cannot create the pooler role and its '
      + 'lookup function; add the pooler to the source cluster, or after promoting the standby');
  }
  const shared: ConnectionPoolerDefaults = fleet.connectionPooler ?? {};
  /** The value and the prop it came from, for messages. */
  const pick = <K extends keyof ConnectionPoolerDefaults>(k: K): [ConnectionPoolerDefaults[K] | undefined, string] =>
    own[k] !== undefined ? [own[k], `connectionPooler.${k}`] : [shared[k], `fleet.connectionPooler.${k}`];

  const [instances = 2, instancesProp] = pick('instances');
  assertInteger(instancesProp, instances, 1);
  const [maxDBConnections = 60, maxProp] = pick('maxDBConnections');
  assertInteger(maxProp, maxDBConnections, 1);
  const sizes = poolSizes(maxDBConnections, instances);
  if (sizes.defaultSize < 1) {
    fail(maxProp, maxDBConnections, `at least 2 × instances (${2 * instances}), so that each of the ${instances} PgBouncer instances `
      + 'gets a pool of at least one server connection (the operator would render CONNECTION_POOLER_DEFAULT_SIZE=0)');
  }
  const [mode = PoolMode.TRANSACTION, modeProp] = pick('mode');
  if (!Object.values(PoolMode).includes(mode)) fail(modeProp, mode, `one of ${Object.values(PoolMode).join(', ')} (PoolMode)`);
  const [image = DEFAULT_POOLER_IMAGE, imageProp] = pick('image');
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) fail(imageProp, image, `a container image reference such as ${DEFAULT_POOLER_IMAGE}`);
  const [user = 'pooler', userProp] = pick('user');
  assertPoolerRoleName(userProp, user, ['postgres', replicationUser, 'admin']);
  const [schema = 'pooler', schemaProp] = pick('schema');
  assertPoolerSchemaName(schemaProp, schema);

  return {
    master,
    replica,
    user,
    schema,
    image,
    mode,
    instances,
    maxDBConnections,
    sizes,
    resources: poolerResources(own.resources, shared.resources, fleet.resourceThresholds?.setMemoryRequestToLimit ?? false),
    masterLoadBalancer: poolerLoadBalancer(own, 'masterLoadBalancer', master, shared),
    replicaLoadBalancer: poolerLoadBalancer(own, 'replicaLoadBalancer', replica, shared),
  };
}

/** A load balancer the cluster asks for on a pooler it turns off is a mistake; a fleet default just does not apply. */
function poolerLoadBalancer(own: ConnectionPoolerOptions, k: 'masterLoadBalancer' | 'replicaLoadBalancer', enabled: boolean, shared: ConnectionPoolerDefaults): boolean {
  const pooler = k === 'masterLoadBalancer' ? 'master' : 'replica';
  if (own[k] && !enabled) fail(`connectionPooler.${k}`, own[k], `false or unset when connectionPooler.${pooler} is false (there is no such pooler to expose)`);
  return (own[k] ?? shared[k] ?? false) && enabled;
}

const DEFAULT_RESOURCES: Required<PoolerResources> = {
  cpuRequest: CpuQuantity.millis(500), cpuLimit: CpuQuantity.units(1), memoryRequest: Size.mebibytes(100), memoryLimit: Size.mebibytes(100),
};

/**
 * Each field from the cluster, else the fleet, else the default; then, as the operator: limits below
 * their requests are raised to them, and with setMemoryRequestToLimit the memory request is raised
 * to the limit. No minimum limits or maximum requests: the operator applies those to Postgres only.
 */
export function poolerResources(own: PoolerResources | undefined, fleet: PoolerResources | undefined, setMemoryRequestToLimit: boolean) {
  const source = <K extends keyof PoolerResources>(k: K): [NonNullable<PoolerResources[K]>, string] => own?.[k] !== undefined
    ? [own[k]!, `connectionPooler.resources.${k}`]
    : fleet?.[k] !== undefined ? [fleet[k]!, `fleet.connectionPooler.resources.${k}`] : [DEFAULT_RESOURCES[k], `default ${k}`];
  const cpu = (k: 'cpuRequest' | 'cpuLimit') => {
    const [value, prop] = source(k);
    const millis = cpuMillis(value, prop);
    if (millis <= 0) fail(prop, cpuQuantity(millis), 'a positive CPU quantity');
    return millis;
  };
  const memory = (k: 'memoryRequest' | 'memoryLimit') => {
    const [value, prop] = source(k);
    const bytes = memoryBytes(value, prop);
    if (bytes <= 0) fail(prop, `${bytes} bytes`, 'a positive size');
    return bytes;
  };
  const cpuRequest = cpu('cpuRequest');
  const cpuLimit = Math.max(cpu('cpuLimit'), cpuRequest);
  let memoryRequest = memory('memoryRequest');
  const memoryLimit = Math.max(memory('memoryLimit'), memoryRequest);
  if (setMemoryRequestToLimit) memoryRequest = memoryLimit;
  const mem = (bytes: number) => sizeQuantity(Size.kibibytes(bytes / 1024));
  return {
    requests: { cpu: cpuQuantity(cpuRequest), memory: mem(memoryRequest) },
    limits: { cpu: cpuQuantity(cpuLimit), memory: mem(memoryLimit) },
  };
}
