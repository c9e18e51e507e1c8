/*
 * The cluster's NetworkPolicies from `networkPolicies` over the fleet's: who may connect and where the pods may
 * send. The storage and source ports come from the env the backup settings render, the one place that knows them.
 */
import { k8s } from 'cdk8s-plus-28';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { NetworkPolicyOptions } from '../cluster/network-policy-options';
import { PostgresClient } from '../cluster/postgres-client';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { BackupPlan, ResolvedLogicalBackup } from '../model/backup';
import { PodLabelSelector, ResolvedNetworkPolicies } from '../model/network-policies';
import { ResolvedServices } from '../model/services';
import { isCidr } from '../private/cidr';
import { ClusterLabelKeys } from '../private/labels';
import { assertBoolean, fail } from '../private/validation';

/** The `application` label of each Job's pods (see jobPodLabels and the logical backup). */
export const JOB_APPLICATIONS = {
  credentials: 'spilo-credentials',
  sync: 'spilo-sync',
  dynamicConfiguration: 'spilo-dcs',
  rollout: 'spilo-rollout',
  logicalBackup: 'spilo-logical-backup',
};
const DEFAULT_API_SERVER_PORTS = [443, 6443];
const HTTPS = 443;

export interface NetworkPoliciesInput {
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
  readonly name: string;
  readonly keys: ClusterLabelKeys;
  readonly selector: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly backup: BackupPlan;
  readonly logicalBackup?: ResolvedLogicalBackup;
  readonly services: ResolvedServices;
}

/** The resolved policies, or undefined when `networkPolicies.enabled` (the cluster's, else the fleet's) is false. */
export function resolveNetworkPolicies(input: NetworkPoliciesInput): ResolvedNetworkPolicies | undefined {
  const own = input.props.networkPolicies ?? {};
  const fleet = input.fleet.networkPolicies ?? {};
  for (const [prefix, o] of [['networkPolicies', own], ['fleet.networkPolicies', fleet]] as const) assertOptions(prefix, o);
  if (!(own.enabled ?? fleet.enabled ?? true)) return undefined;
  const pick = <K extends keyof NetworkPolicyOptions>(key: K) => own[key] ?? fleet[key];

  const storagePorts = pick('storagePorts');
  const storage = (used: boolean, env: k8s.EnvVar[], endpoint: RegExp, annotations: Record<string, string>) => used ? {
    ports: storagePorts ? [...storagePorts] : unique([HTTPS, ...envValues(env, endpoint).filter(v => v !== '').map(endpointPort)]),
    ...(pick('storageCidrs') ? { cidrs: [...pick('storageCidrs')!] } : {}),
    ...(usesMetadataService(env, annotations) ? { metadataService: true } : {}),
  } : undefined;
  const memberStorage = storage(usesStorage(input.backup), input.backup.env, /ENDPOINT$/, input.backup.serviceAccountAnnotations);
  const lb = input.logicalBackup;
  const jobStorage = lb && storage(true, lb.container.env ?? [], /^LOGICAL_BACKUP_S3_ENDPOINT$/, lb.serviceAccountAnnotations);
  const lbs = [input.services.primary, input.services.replica].filter(s => s.loadBalancer);
  return {
    jobs: jobSelector(input, Object.values(JOB_APPLICATIONS)),
    postgresJobs: jobSelector(input, [JOB_APPLICATIONS.sync, JOB_APPLICATIONS.dynamicConfiguration, JOB_APPLICATIONS.logicalBackup]),
    patroniJobs: jobSelector(input, [JOB_APPLICATIONS.dynamicConfiguration, JOB_APPLICATIONS.rollout]),
    clients: [...(fleet.clients ?? []), ...(own.clients ?? [])],
    monitoringClients: [...(pick('monitoringClients') ?? [])],
    apiServer: { ports: [...(pick('apiServerPorts') ?? DEFAULT_API_SERVER_PORTS)], ...(pick('apiServerCidrs') ? { cidrs: [...pick('apiServerCidrs')!] } : {}) },
    ...(memberStorage ? { memberStorage } : {}),
    ...(jobStorage ? { jobStorage } : {}),
    sourcePorts: sourcePorts(input.backup.env),
    additionalEgressPorts: [...(pick('additionalEgressPorts') ?? [])],
    loadBalancerSources: unique(lbs.flatMap(s => s.loadBalancer!.sourceRanges)),
    nodePortSources: unique([input.services.primary, input.services.replica].flatMap(s => s.nodePort?.policySources ?? [])),
  };
}

function assertOptions(prefix: string, o: NetworkPolicyOptions): void {
  assertBoolean(`${prefix}.enabled`, o.enabled);
  for (const key of ['clients', 'monitoringClients'] as const) {
    const list = o[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`${prefix}.${key}`, list, 'a list of PostgresClient (PostgresClient.fromWorkload(), fromLabels(), ...)');
    list.forEach((c, i) => {
      if (!(c instanceof PostgresClient)) fail(`${prefix}.${key}[${i}]`, c, 'a PostgresClient (PostgresClient.fromWorkload(), fromLabels(), ...)');
    });
  }
  for (const key of ['apiServerPorts', 'storagePorts', 'additionalEgressPorts'] as const) {
    const list = o[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || (key !== 'additionalEgressPorts' && list.length === 0)) {
      fail(`${prefix}.${key}`, list, `a ${key === 'additionalEgressPorts' ? '' : 'non-empty '}list of TCP ports`);
    }
    list.forEach((p, i) => {
      if (!Number.isInteger(p) || p < 1 || p > 65535) fail(`${prefix}.${key}[${i}]`, p, 'a TCP port from 1 to 65535');
    });
  }
  for (const key of ['apiServerCidrs', 'storageCidrs'] as const) {
    const list = o[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) fail(`${prefix}.${key}`, list, 'a non-empty list of CIDRs');
    list.forEach((r, i) => {
      if (typeof r !== 'string' || !isCidr(r)) fail(`${prefix}.${key}[${i}]`, r, 'an IPv4 or IPv6 CIDR such as 10.0.0.0/8');
    });
  }
}

/**
 * The pods of some of the cluster's Jobs. They carry the cluster's labels with `application` changed to the
 * Job's (jobPodLabels); a cluster whose labels lack `application` gives its Jobs' pods no cluster-name label, so
 * then every Job pod of the team's clusters with the same labels is selected.
 */
function jobSelector(input: NetworkPoliciesInput, applications: string[]): PodLabelSelector {
  const { selector, keys } = input;
  if ('application' in selector) {
    const { application: _omitted, ...rest } = selector;
    return { matchLabels: rest, matchExpressions: [{ key: 'application', operator: 'In', values: [...applications] }] };
  }
  const { [keys.clusterNameLabel]: _name, ...rest } = selector;
  return { matchLabels: { ...rest, team: input.labels.team }, matchExpressions: [{ key: keys.clusterNameLabel, operator: 'DoesNotExist' }] };
}

/** Whether the members read or write object storage: WAL archive, log shipping, or a clone or standby from an archive. */
function usesStorage(plan: BackupPlan): boolean {
  return plan.walPrefix !== undefined || plan.logLocation !== undefined
    || plan.env.some(e => /^(CLONE|STANDBY)_(WAL_(S3|GS)_BUCKET|WALE_(S3|GS)_PREFIX|WALG_AZ_PREFIX|WALG_(S3|GS)_PREFIX)$/.test(e.name));
}

/**
 * Whether the pods get storage credentials from the cloud's metadata service: no keys from a Secret and no IRSA (which
 * uses STS over 443), that is node identity on AWS or GCP, or GKE workload identity.
 */
function usesMetadataService(env: k8s.EnvVar[], annotations: Record<string, string>): boolean {
  if ('iam.gke.io/gcp-service-account' in annotations) return true;
  const keys = env.some(e => /(AWS_ACCESS_KEY_ID|GOOGLE_APPLICATION_CREDENTIALS|AZURE_STORAGE_(ACCESS|ACCOUNT)_KEY|AZURE_STORAGE_SAS_TOKEN)$/.test(e.name));
  return !keys && !('eks.amazonaws.com/role-arn' in annotations);
}

/** The ports of the clone's and the standby's source hosts; Spilo's default is 5432 (STANDBY_PORT is optional). */
function sourcePorts(env: k8s.EnvVar[]): number[] {
  return unique(['CLONE', 'STANDBY'].filter(prefix => envValues(env, new RegExp(`^${prefix}_HOST$`)).length)
    .map(prefix => Number(envValues(env, new RegExp(`^${prefix}_PORT$`))[0] ?? 5432)));
}

function envValues(env: k8s.EnvVar[], name: RegExp): string[] {
  return env.filter(e => name.test(e.name) && e.value !== undefined).map(e => e.value!);
}

/** The TCP port of an endpoint URL: its own, else the scheme's. */
function endpointPort(url: string): number {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(url);
  if (!m) return HTTPS;
  return m[3] ? Number(m[3]) : m[1].toLowerCase() === 'http' ? 80 : HTTPS;
}

function unique(values: number[]): number[];
function unique(values: string[]): string[];
function unique(values: any[]): any[] {
  return [...new Set(values)];
}
