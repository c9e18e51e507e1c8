/*
 * The resolution stage: a cluster's props and the fleet's settings become one ResolvedCluster. Every
 * fleet default is merged and every prop is checked here, once; an error names the prop as the user
 * wrote it (`x` or `fleet.x`). The renderers never see the props or the fleet.
 */
import { Size } from 'cdk8s';
import { k8s, PodManagementPolicy } from 'cdk8s-plus-28';
import { backupPlan } from './backup-plan';
import { assertBooleanProps } from './boolean-props';
import { resolveLogicalBackup } from './logical-backup';
import { resolveMajorVersionUpgrade } from './major-version-upgrade';
import { assertMonitoringOptions } from './monitoring';
import { resolveNetworkPolicies } from './network-policies';
import { resolveNodePorts } from './node-ports';
import { resolvePodPolicy } from './pod-policy';
import { poolerSettings } from './pooler-settings';
import { resolvePoolers } from './poolers';
import { assertPropShapes } from './prop-shapes';
import { resolveServices } from './services';
import { resolveSidecars } from './sidecars';
import { pgdataVolumeMount, resolveSpiloPod, spiloImage } from './spilo-pod';
import { assertStrictPolicy } from './strict-policy';
import { resolveTls } from './tls';
import { resolveUsers } from './users';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps, SpiloUpdateStrategy } from '../cluster/postgres-cluster-props';
import { PostgresVersion } from '../cluster/postgres-version';
import { ClusterIdentity, ResolvedCluster } from '../model/resolved-cluster';
import { GITOPS_TRACKING_LABELS, objectLabels, selectorLabels } from '../private/labels';
import { withSortedMaps } from '../private/map-order';
import { MAX_CLUSTER_NAME_LENGTH, names } from '../private/names';
import { sizeBytes, sizeQuantity } from '../private/quantity';
import {
  assertAnnotationKeys, assertDns1123Label, assertDns1123Subdomain, assertInteger, assertLabels,
  assertOneOf, assertSelectorExpressions, DNS1035_LABEL, fail, failConflict, SYSTEM_NAMESPACE, USER_NAME,
} from '../private/validation';

/** The superuser Spilo creates (`PGUSER_SUPERUSER`), as under the operator. */
const SUPERUSER = 'postgres';
/** Upper bound of `instances` and the fleet's bounds (members of one Patroni cluster). */
const MAX_INSTANCES = 100;

export interface ClusterInput {
  readonly props: PostgresClusterProps;
  readonly fleet: FleetDefaultsProps;
  /** The construct id: the cluster's name unless `name` is set. */
  readonly id: string;
  /** The chart's namespace, used unless `namespace` is set. */
  readonly chartNamespace?: string;
}

/** Resolves and checks everything about one cluster. Call inside withContext(path) so errors name the construct. */
export function resolveCluster(given: ClusterInput): ResolvedCluster {
  // Maps in key order, so that no output depends on the order a host language lists them in (map-order.ts).
  const input: ClusterInput = { ...given, props: withSortedMaps(given.props), fleet: withSortedMaps(given.fleet) };
  const { props, fleet } = input;
  assertPropShapes(props, fleet);
  const identity = resolveIdentity(input);
  const { name, namespace, labels, selector, annotations, keys } = identity;
  const instances = clampInstances(props.instances ?? 1, fleet);
  const version = props.version ?? PostgresVersion.V18;
  const replicationUsername = fleet.replicationUsername ?? 'standby';
  if (!USER_NAME.test(replicationUsername) || replicationUsername.length > 63 || replicationUsername === SUPERUSER) {
    fail('fleet.replicationUsername', replicationUsername, `a user name other than ${SUPERUSER} (lower-case letters, digits, - and _, at most 63 characters, as the operator's user names)`);
  }
  const backup = backupPlan({ cluster: name, namespace, version: version.major, replicationUsername, props, fleet });
  const logicalBackup = props.logicalBackup === undefined ? undefined : resolveLogicalBackup({
    sslMode: jobSslMode(props),
    cluster: name,
    namespace,
    version: version.major,
    suffix: backup.suffix,
    labels,
    selector,
    annotations,
    clusterNameLabel: keys.clusterNameLabel,
    podRoleLabel: keys.podRoleLabel,
    props,
    fleet,
  });

  assertBooleanProps(props, fleet);
  const policy = resolvePodPolicy(props, fleet);
  assertStrictPolicy(props, fleet);
  const sidecars = resolveSidecars(props, fleet, {
    cluster: name, namespace, labels, superuser: SUPERUSER, pgdataMount: pgdataVolumeMount(props), policy,
  });
  assertOneOf('podManagementPolicy', props.podManagementPolicy, Object.values(PodManagementPolicy));
  assertOneOf('fleet.podManagementPolicy', fleet.podManagementPolicy, Object.values(PodManagementPolicy));
  assertOneOf('updateStrategy', props.updateStrategy, Object.values(SpiloUpdateStrategy));
  const updateStrategy = props.updateStrategy
    ?? (instances > 1 ? SpiloUpdateStrategy.SWITCHOVER_ONCE : SpiloUpdateStrategy.ROLLING_UPDATE);
  const pooler = poolerSettings(props, fleet, replicationUsername);
  const nodePorts = resolveNodePorts(props, fleet, pooler);
  const services = resolveServices({ name, namespace, annotations, fleet, props, nodePorts });
  const tls = resolveTls(props, name, namespace, [
    ...(pooler?.master ? [names.pooler(name)] : []), ...(pooler?.replica ? [names.replicaPooler(name)] : []),
  ]);
  const patroniApiSecret = props.patroniApiAuthentication === false ? undefined : names.patroniApiSecret(name);
  const pod = resolveSpiloPod(props, fleet, {
    name,
    namespace,
    labels,
    annotations,
    selector,
    keys,
    instances,
    version,
    replicationUsername,
    serviceAccount: names.podServiceAccount(name),
    superuser: SUPERUSER,
    policy,
    tls,
    ...(patroniApiSecret ? { patroniApiSecret } : {}),
  }, backup, sidecars);
  const volumeClaim = pgdataClaim(props, fleet, { ...selector, team: props.teamId });
  const image = spiloImage(props, fleet);

  if (props.standby !== undefined) {
    // A standby is read-only and gets its roles and databases from its source, as under the operator.
    for (const prop of ['users', 'databases', 'preparedDatabases'] as const) {
      if (props[prop] !== undefined) failConflict(`${prop}, standby`, `a standby cluster replays its source's roles and databases; declare ${prop} on the source cluster`);
    }
  }
  const users = resolveUsers({
    cluster: name,
    namespace,
    replicationUser: replicationUsername,
    users: props.users,
    databases: props.databases,
    preparedDatabases: props.preparedDatabases,
    credentials: props.credentials,
    userCredentials: props.userCredentials,
    passwordRotation: props.passwordRotation,
    allowedSecretNamespaces: allowedSecretNamespaces(fleet),
    ...(pooler ? { pooler: { user: pooler.user, schema: pooler.schema } } : {}),
    ...(patroniApiSecret ? { patroniApiSecret } : {}),
  });
  const poolers = pooler
    ? resolvePoolers({
      name,
      namespace,
      labels,
      annotations,
      selector,
      keys,
      props,
      fleet,
      settings: pooler,
      nodePorts,
      secret: users.secrets.get(pooler.user)!,
      rotation: users.rotation[pooler.user],
      tls,
    })
    : {};
  // Checked here first when the fleet's, so that an error names fleet.monitoring.
  if (!props.monitoring && fleet.monitoring) assertMonitoringOptions('fleet.monitoring', fleet.monitoring);
  const monitoring = props.monitoring ?? fleet.monitoring;
  const networkPolicies = resolveNetworkPolicies({ props, fleet, name, keys, selector, labels, backup, logicalBackup, services });
  return {
    ...identity,
    instances,
    version,
    majorVersionUpgrade: resolveMajorVersionUpgrade(props, fleet, version),
    image,
    superuser: SUPERUSER,
    replicationUsername,
    disruptionBudgets: fleet.enablePodDisruptionBudget ?? true,
    podManagementPolicy: props.podManagementPolicy ?? fleet.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY,
    updateStrategyType: updateStrategy === SpiloUpdateStrategy.ROLLING_UPDATE ? 'RollingUpdate' : 'OnDelete',
    switchoverRollout: updateStrategy === SpiloUpdateStrategy.SWITCHOVER_ONCE,
    jobSslMode: jobSslMode(props),
    volumeClaim: volumeClaim.template,
    ...(volumeClaim.members ? { memberClaim: volumeClaim.members } : {}),
    services,
    pod,
    sidecars,
    backup,
    ...(logicalBackup ? { logicalBackup } : {}),
    users,
    poolers,
    ...(tls ? { tls } : {}),
    ...(patroniApiSecret ? { patroniApiSecret } : {}),
    ...(monitoring ? { monitoring } : {}),
    ...(networkPolicies ? { networkPolicies } : {}),
  };
}

/** Name, namespace, label keys and sets, and annotations, from the props over the fleet's. */
function resolveIdentity(input: ClusterInput): ClusterIdentity {
  const { props, fleet } = input;
  const name = props.name ?? input.id;
  if (name.length > MAX_CLUSTER_NAME_LENGTH || !DNS1035_LABEL.test(name)) {
    fail('name', name, `a DNS-1035 label of at most ${MAX_CLUSTER_NAME_LENGTH} characters (lower-case letters, digits and -, starting with a letter) so that <name>-pooler-repl and pod names stay valid`);
  }
  const namespace = props.namespace ?? input.chartNamespace;
  assertDns1123Label('namespace', namespace);
  if (typeof props.teamId !== 'string' || props.teamId === '') fail('teamId', props.teamId, 'a non-empty team id');
  assertLabels('teamId', { team: props.teamId });

  const clusterLabels = fleet.clusterLabels ?? { application: 'spilo' };
  assertLabels('fleet.clusterLabels', clusterLabels);
  for (const key of Object.keys(clusterLabels)) {
    if (GITOPS_TRACKING_LABELS.includes(key)) fail('fleet.clusterLabels', key, `no GitOps tracking label (${GITOPS_TRACKING_LABELS.join(', ')}): Patroni copies these labels onto the ConfigMaps it creates`);
  }
  const keys = { clusterLabels, clusterNameLabel: fleet.clusterNameLabel ?? 'cluster-name', podRoleLabel: fleet.podRoleLabel ?? 'spilo-role' };
  assertLabels('fleet.clusterNameLabel', { [keys.clusterNameLabel]: name });
  // Patroni stamps the scope label on its ConfigMaps next to KUBERNETES_LABELS.
  if (GITOPS_TRACKING_LABELS.includes(keys.clusterNameLabel)) {
    fail('fleet.clusterNameLabel', keys.clusterNameLabel, `no GitOps tracking label (${GITOPS_TRACKING_LABELS.join(', ')}): Patroni copies it onto the ConfigMaps it creates`);
  }
  assertLabels('fleet.podRoleLabel', { [keys.podRoleLabel]: 'master' });
  const extraLabels = { ...fleet.labels, ...props.labels };
  assertLabels('fleet.labels', fleet.labels);
  assertLabels('labels', props.labels);
  // Labels the selectors, Patroni or the Services rely on: a pod labelled spilo-role=master by git would join the
  // primary Service before Patroni relabels it.
  const libraryLabels = [keys.podRoleLabel, keys.clusterNameLabel, ...Object.keys(clusterLabels), 'team'];
  for (const key of Object.keys(extraLabels).filter(k => libraryLabels.includes(k))) {
    fail(props.labels && key in props.labels ? 'labels' : 'fleet.labels', key, `a label the library does not set itself (not ${libraryLabels.join(', ')})`);
  }
  const annotations = { ...fleet.annotations, ...props.annotations };
  assertAnnotationKeys('fleet.annotations', fleet.annotations);
  assertAnnotationKeys('annotations', props.annotations);
  return {
    name,
    namespace,
    teamId: props.teamId,
    keys,
    selector: selectorLabels(keys, name),
    labels: objectLabels(keys, name, props.teamId, extraLabels),
    annotations,
  };
}

function clampInstances(requested: number, fleet: FleetDefaultsProps): number {
  // Patroni clusters of more than a few dozen members do not exist; a bound keeps a typo from writing huge objects.
  assertInteger('instances', requested, 0, MAX_INSTANCES);
  assertInteger('fleet.minInstances', fleet.minInstances, -1, MAX_INSTANCES);
  assertInteger('fleet.maxInstances', fleet.maxInstances, -1, MAX_INSTANCES);
  const min = fleet.minInstances ?? -1;
  const max = fleet.maxInstances ?? -1;
  if (min >= 0 && max >= 0 && min > max) failConflict('fleet.minInstances, fleet.maxInstances', `minInstances (${min}) is greater than maxInstances (${max})`);
  if (min >= 0 && requested < min) return min;
  if (max >= 0 && requested > max) return max;
  return requested;
}

/**
 * The libpq sslmode of the Jobs that connect to PostgreSQL: with `parameters.ssl` off (any spelling PostgreSQL takes
 * for a false boolean: off, of, false, f, fa, no, n, 0) the server has no TLS to offer, so only then `prefer`.
 */
function jobSslMode(props: PostgresClusterProps): string {
  const ssl = props.parameters?.ssl?.trim().toLowerCase() ?? '';
  return /^(off?|f(a(l(se?)?)?)?|no?|0)$/.test(ssl) ? 'prefer' : 'require';
}

function pgdataClaim(props: PostgresClusterProps, fleet: FleetDefaultsProps, labels: Record<string, string>): PgdataClaims {
  const size: Size = props.volume?.size ?? fleet.volumeSize ?? Size.gibibytes(10);
  assertDns1123Subdomain('volume.storageClass', props.volume?.storageClass);
  const bytes = sizeBytes(size);
  if (!Number.isFinite(bytes) || bytes <= 0) fail(props.volume?.size ? 'volume.size' : 'fleet.volumeSize', `${bytes} bytes`, 'a finite, positive size');
  const templateSize = props.volume?.claimTemplateSize;
  if (templateSize !== undefined) {
    const templateBytes = sizeBytes(templateSize);
    if (!Number.isFinite(templateBytes) || templateBytes <= 0) fail('volume.claimTemplateSize', `${templateBytes} bytes`, 'a finite, positive size');
    if (templateBytes > bytes) {
      failConflict('volume.size, volume.claimTemplateSize',
        `${sizeQuantity(size)} is below the claim template's ${sizeQuantity(templateSize)}: a volume can only grow`);
    }
  }
  const selector = props.volume?.selector;
  if (selector) {
    assertLabels('volume.selector.matchLabels', selector.matchLabels);
    assertSelectorExpressions('volume.selector.matchExpressions', selector.matchExpressions);
  }
  if (props.volume?.subPathIsExpression && !props.volume.subPath) failConflict('volume.subPathIsExpression', 'needs volume.subPath, the expression');
  const claim = (storage: Size): k8s.KubePersistentVolumeClaimProps => ({
    // Only labels that never change: a StatefulSet's claim templates are immutable.
    metadata: { name: 'pgdata', labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      volumeMode: 'Filesystem',
      resources: { requests: { storage: k8s.Quantity.fromString(sizeQuantity(storage)) } },
      ...(props.volume?.storageClass ? { storageClassName: props.volume.storageClass } : {}),
      ...(props.volume?.selector ? { selector: props.volume.selector } : {}),
    },
  });
  const grown = templateSize !== undefined && sizeBytes(templateSize) < bytes;
  return { template: claim(templateSize ?? size), ...(grown ? { members: claim(size) } : {}) };
}

/** The pgdata claim template, and each member's claim when it is larger than the template (a grown volume). */
interface PgdataClaims {
  readonly template: k8s.KubePersistentVolumeClaimProps;
  readonly members?: k8s.KubePersistentVolumeClaimProps;
}

function allowedSecretNamespaces(fleet: FleetDefaultsProps): string[] {
  const list = fleet.allowedSecretNamespaces ?? [];
  if (!Array.isArray(list)) fail('fleet.allowedSecretNamespaces', list, 'a list of namespace names');
  list.forEach((ns, i) => {
    assertDns1123Label(`fleet.allowedSecretNamespaces[${i}]`, ns);
    if (SYSTEM_NAMESPACE.test(ns)) fail(`fleet.allowedSecretNamespaces[${i}]`, ns, 'a namespace other than the system namespaces kube-*');
  });
  return [...list];
}
