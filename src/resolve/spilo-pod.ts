import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { DEFAULT_SPILO_IMAGE, FleetDefaultsProps, NodeReadinessLabelMerge } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PostgresVersion } from '../cluster/postgres-version';
import { BackupPlan } from '../model/backup';
import { PodContainerSet, PodParts, ResolvedSpiloPod } from '../model/pod';
import { ResolvedTls } from '../model/tls';
import { API_ACCESS_CA_CONFIGMAP, API_ACCESS_MOUNT, apiAccessVolume } from '../private/api-access';
import { assertEnvFrom } from '../private/env';
import { ExternalReference } from '../private/external';
import { names } from '../private/names';
import { contentName } from '../private/namespace-config-map';
import { assertNodeAffinity, assertSpreadConstraints } from '../private/pod-checks';
import { assertCapabilities, assertNoPlaintextSecrets, PodPolicy, restrictedPodSecurity, SPILO_GID } from '../private/pod-security';
import { assertProbe } from '../private/probe';
import { wholeSeconds } from '../private/quantity';
import { postgresResources } from '../private/resources';
import { PGDATA_MOUNT_PATH, POSTGRES_CONTAINER, spiloAffinity, spreadConstraints } from '../private/spilo-pod';
import {
  assertAnnotationKeys, assertDns1123Subdomain, assertInteger, assertLabelKey, assertLabels, assertOneOf, assertSubPath, assertTolerations,
  CONTROL_CHARACTER, fail, failConflict,
} from '../private/validation';
import { dynamicConfiguration, StandbyStreaming } from '../spilo/dynamic-configuration';
import { LOCAL_CONFIGURATION_ANNOTATION, localConfigurationDigest, spiloConfiguration } from '../spilo/spilo-configuration';
import { spiloEnvironment } from '../spilo/spilo-environment';
import { HOOK_FILES, HOOKS_DIR, HOOKS_VOLUME, switchoverHook } from '../spilo/switchover-hook';

/** The namespace's hooks ConfigMap, named after the hook (the preStop handler runs it from there). */
const HOOKS_CONFIG_MAP = contentName('cdk8s-postgres-hooks', HOOK_FILES);

/** A PostgreSQL role name Spilo can create unquoted (HUMAN_ROLE). */
const PAM_ROLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The Spilo pod as the operator builds it: the postgres container (env, resources, probes, security), then
 * scheduling, security context and annotations, all from the cluster's props over the fleet's. The container set
 * (sidecars, init containers) is checked against the whole pod here once; the renderer assembles it again lazily,
 * so that `addSidecar` and `addInitContainer` after construction count.
 */
export function resolveSpiloPod(
  props: PostgresClusterProps, fleet: FleetDefaultsProps, c: PodContext, backup: BackupPlan, pod: PodContainerSet,
): ResolvedSpiloPod {
  const parameters = props.parameters ?? {};
  const config = spiloConfiguration({
    parameters,
    patroni: props.patroni ?? {},
    instances: c.instances,
    failsafeMode: props.patroni?.failsafeMode ?? fleet.enablePatroniFailsafeMode ?? false,
  });
  const pdbEnabled = fleet.enablePodDisruptionBudget ?? true;
  if (fleet.pamConfiguration !== undefined && CONTROL_CHARACTER.test(fleet.pamConfiguration)) {
    fail('fleet.pamConfiguration', fleet.pamConfiguration, 'a value without control characters');
  }
  if (fleet.pamRoleName !== undefined && !PAM_ROLE.test(fleet.pamRoleName)) {
    fail('fleet.pamRoleName', fleet.pamRoleName, 'a role name (letters, digits and _, starting with a letter or _, at most 63 characters)');
  }
  const env = spiloEnvironment({
    cluster: c.name,
    superUsername: c.superuser,
    replicationUsername: c.replicationUsername,
    clusterNameLabel: c.keys.clusterNameLabel,
    podRoleLabel: c.keys.podRoleLabel,
    clusterLabels: c.keys.clusterLabels,
    // Deviation: the operator ships Zalando's own PAM endpoint and team role as defaults; here they are opt-in.
    pamConfiguration: fleet.pamConfiguration ?? '',
    pamRoleName: fleet.pamRoleName ?? '',
    pgVersion: c.version.major,
    spiloConfigurationConfigMap: names.spiloConfiguration(c.name),
    ...(c.patroniApiSecret ? { patroniApiSecret: c.patroniApiSecret } : {}),
    bootstrapLabels: pdbEnabled,
    userEnv: (props.env ?? []).map(e => k8s.toJson_EnvVar(e) as k8s.EnvVar),
    // The operator appends the TLS env last.
    libraryEnv: [...backup.env, ...(c.tls?.spiloEnv ?? [])],
  });
  const resources = containerResources(props, fleet);
  const streaming = props.standby?._options.primary as StandbyStreaming | undefined;
  const dynamic = dynamicConfiguration({
    dcs: (config.bootstrap as { dcs: Record<string, unknown> }).dcs,
    ...(props.standby ? { standby: streaming ? { primary: streaming } : {} } : {}),
  });
  const pgdataMount = pgdataVolumeMount(props);
  const envFrom = [
    ...(props.envFrom ?? []),
    ...(fleet.podEnvironmentConfigMap ? [{ configMapRef: { name: fleet.podEnvironmentConfigMap } }] : []),
    ...(fleet.podEnvironmentSecret ? [{ secretRef: { name: fleet.podEnvironmentSecret } }] : []),
  ];
  (props.envFrom ?? []).forEach((s, i) => assertEnvFrom(`envFrom[${i}]`, s));
  // Postgres's own container ports are unnamed: a probe names them by number.
  assertProbe('livenessProbe', props.livenessProbe, 'liveness', []);
  assertDns1123Subdomain('fleet.podEnvironmentConfigMap', fleet.podEnvironmentConfigMap);
  assertDns1123Subdomain('fleet.podEnvironmentSecret', fleet.podEnvironmentSecret);
  const externals = userReferences(c.namespace, props, envFrom);
  if (c.tls) externals.push({ kind: 'Secret', namespace: c.namespace, name: c.tls.secretName });
  if (c.tls?.caSecretName) externals.push({ kind: 'Secret', namespace: c.namespace, name: c.tls.caSecretName });
  // Published into every namespace by the controller-manager (root-ca-cert-publisher).
  externals.push({ kind: 'ConfigMap', namespace: c.namespace, name: API_ACCESS_CA_CONFIGMAP });
  assertNoPlaintextSecrets('env', props.env, c.policy);
  const restricted = c.policy.restricted;
  const capabilities = assertCapabilities('fleet.additionalPodCapabilities', fleet.additionalPodCapabilities, c.policy);
  if (fleet.privileged && (restricted || c.policy.strict)) {
    fail('fleet.privileged', true, restricted ? 'false under PodSecurityProfile.RESTRICTED' : 'false (fleet.strictPolicy)');
  }
  if (fleet.privileged && fleet.allowPrivilegeEscalation === false) {
    failConflict('fleet.privileged, fleet.allowPrivilegeEscalation', 'a privileged container always allows privilege escalation, so the API server refuses allowPrivilegeEscalation: false with it');
  }
  const postgres: k8s.Container = {
    name: POSTGRES_CONTAINER,
    image: spiloImage(props, fleet),
    imagePullPolicy: 'IfNotPresent',
    ports: [8008, 5432, 8080].map(containerPort => ({ containerPort, protocol: 'TCP' })),
    env,
    ...(envFrom.length ? { envFrom } : {}),
    resources,
    volumeMounts: [pgdataMount],
    ...((fleet.enableReadinessProbe ?? true) ? {
      readinessProbe: {
        httpGet: { path: '/readiness', port: k8s.IntOrString.fromNumber(8008), scheme: 'HTTP' },
        initialDelaySeconds: 6,
        periodSeconds: 10,
        timeoutSeconds: 5,
        successThreshold: 1,
        failureThreshold: 3,
      },
    } : {}),
    ...(props.livenessProbe ? { livenessProbe: props.livenessProbe } : {}),
    lifecycle: switchoverHook(),
    securityContext: restricted ? {
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'], ...(capabilities.length ? { add: capabilities } : {}) },
      seccompProfile: { type: 'RuntimeDefault' },
    } : {
      privileged: fleet.privileged ?? false,
      allowPrivilegeEscalation: fleet.allowPrivilegeEscalation ?? true,
      readOnlyRootFilesystem: false,
      ...(capabilities.length ? { capabilities: { add: capabilities } } : {}),
    },
  };
  const parts: PodParts = {
    postgres,
    shm: props.enableShmVolume ?? fleet.enableShmVolume ?? true,
    additionalVolumes: props.additionalVolumes ?? [],
    // Only postgres (Patroni) talks to the Kubernetes API: the token is mounted there, not in the whole pod.
    // The TLS Secrets last, as the operator adds them after the manifest's volumes; postgres only (the private key).
    postgresMounts: [API_ACCESS_MOUNT, ...backup.mounts, { name: HOOKS_VOLUME, mountPath: HOOKS_DIR, readOnly: true }, ...(c.tls?.mounts ?? [])],
    postgresVolumes: [apiAccessVolume(), ...backup.volumes, { name: HOOKS_VOLUME, configMap: { name: HOOKS_CONFIG_MAP } }, ...(c.tls?.volumes ?? [])],
  };
  pod.assemble(parts); // what the props alone get wrong fails here, at construction
  const antiAffinity = props.podAntiAffinity ?? fleet.podAntiAffinity;
  if (antiAffinity?.topologyKey !== undefined) {
    assertLabelKey(`${props.podAntiAffinity ? '' : 'fleet.'}podAntiAffinity.topologyKey`, antiAffinity.topologyKey);
  }
  assertLabels('fleet.nodeReadinessLabel', fleet.nodeReadinessLabel);
  assertOneOf('fleet.nodeReadinessLabelMerge', fleet.nodeReadinessLabelMerge, Object.values(NodeReadinessLabelMerge));
  assertNodeAffinity('nodeAffinity', props.nodeAffinity);
  assertSpreadConstraints('topologySpreadConstraints', props.topologySpreadConstraints);
  assertTolerations(props.tolerations ? 'tolerations' : 'fleet.tolerations', props.tolerations ?? fleet.tolerations);
  const podInput = {
    selectorLabels: c.selector,
    objectLabels: c.labels,
    antiAffinity,
    nodeAffinity: props.nodeAffinity,
    nodeReadinessLabel: fleet.nodeReadinessLabel,
    nodeReadinessLabelMerge: fleet.nodeReadinessLabelMerge ?? 'OR',
    topologySpreadConstraints: props.topologySpreadConstraints ?? [],
  };
  const affinity = spiloAffinity(podInput);
  const spread = spreadConstraints(podInput);
  // As the operator's annotationsSet(podAnnotations): the inherited-style annotations reach the pods too.
  const podAnnotations = {
    ...fleet.podAnnotations,
    ...props.podAnnotations,
    ...c.annotations,
    [LOCAL_CONFIGURATION_ANNOTATION]: localConfigurationDigest(config),
  };
  assertAnnotationKeys('fleet.podAnnotations', fleet.podAnnotations);
  assertAnnotationKeys('podAnnotations', props.podAnnotations);
  for (const [prop, annotations] of [['fleet.podAnnotations', fleet.podAnnotations], ['podAnnotations', props.podAnnotations]] as const) {
    if (annotations?.[LOCAL_CONFIGURATION_ANNOTATION] !== undefined) {
      fail(prop, LOCAL_CONFIGURATION_ANNOTATION, 'an annotation key other than the one the library sets (a digest of the local configuration)');
    }
  }
  if (restricted) {
    for (const [key, value] of Object.entries(podAnnotations)) {
      // The annotation form of an AppArmor profile, which Pod Security judges like the field.
      if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && !/^(runtime\/default|localhost\/.+)$/.test(value)) {
        fail(`${fleet.podAnnotations?.[key] === value && props.podAnnotations?.[key] !== value ? 'fleet.' : ''}podAnnotations['${key}']`, value,
          'runtime/default or localhost/<profile> under PodSecurityProfile.RESTRICTED');
      }
    }
  }
  const ids = {
    ...optionalNumber('runAsUser', props.runAsUser, fleet.runAsUser),
    ...optionalNumber('runAsGroup', props.runAsGroup, fleet.runAsGroup),
    ...optionalNumber('fsGroup', props.fsGroup, fleet.fsGroup),
    // Deviation: the operator needs spilo_fsgroup set for its 0640 TLS Secret; without it postgres cannot read the
    // certificate, so with tls the pod gets Spilo's group unless one is set.
    // OnRootMismatch: the kubelet walks a large PGDATA volume only once, not at every start.
    ...(c.tls && (props.fsGroup ?? fleet.fsGroup) === undefined ? { fsGroup: SPILO_GID, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
  };
  const securityContext = restricted
    ? restrictedPodSecurity(ids, p => (props.runAsUser !== undefined && p === 'runAsUser' ? p : `fleet.${p}`))
    : ids;
  const priorityClassName = props.priorityClassName ?? fleet.podPriorityClassName;
  assertDns1123Subdomain(props.priorityClassName !== undefined ? 'priorityClassName' : 'fleet.podPriorityClassName', priorityClassName);
  assertDns1123Subdomain('schedulerName', props.schedulerName);
  const tolerations = props.tolerations ?? fleet.tolerations ?? [];
  return {
    parts,
    labels: c.labels,
    annotations: podAnnotations,
    serviceAccountName: c.serviceAccount,
    terminationGracePeriodSeconds: wholeSeconds(
      props.terminationGracePeriod ?? fleet.podTerminateGracePeriod ?? Duration.minutes(5),
      props.terminationGracePeriod !== undefined ? 'terminationGracePeriod' : 'fleet.podTerminateGracePeriod'),
    securityContext,
    tolerations,
    ...(affinity ? { affinity } : {}),
    ...(spread ? { topologySpreadConstraints: spread } : {}),
    ...(priorityClassName ? { priorityClassName } : {}),
    ...(props.schedulerName ? { schedulerName: props.schedulerName } : {}),
    externals,
    hooks: { name: HOOKS_CONFIG_MAP, data: HOOK_FILES },
    spiloConfiguration: { name: names.spiloConfiguration(c.name), document: config },
    dynamicConfiguration: dynamic,
  };
}

/** The pgdata mount of postgres, which every sidecar gets too (same sub-path). */
export function pgdataVolumeMount(props: PostgresClusterProps): k8s.VolumeMount {
  assertSubPath('volume.subPath', props.volume?.subPath);
  return {
    name: 'pgdata',
    mountPath: PGDATA_MOUNT_PATH,
    ...(props.volume?.subPath
      ? (props.volume.subPathIsExpression ? { subPathExpr: props.volume.subPath } : { subPath: props.volume.subPath })
      : {}),
  };
}

/** The Spilo image of the cluster's pods and of its Jobs, validated. */
export function spiloImage(props: PostgresClusterProps, fleet: FleetDefaultsProps): string {
  const ref = props.image ?? fleet.image ?? DEFAULT_SPILO_IMAGE;
  if (ref.trim() === '' || /\s/.test(ref)) fail(props.image !== undefined ? 'image' : 'fleet.image', ref, 'a container image reference such as ghcr.io/zalando/spilo-18:4.1-p2');
  return ref;
}

function containerResources(props: PostgresClusterProps, fleet: FleetDefaultsProps): k8s.ResourceRequirements {
  const q = postgresResources(props.resources, fleet.resources, fleet.resourceThresholds ?? {});
  const toQuantities = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  return { requests: toQuantities(q.requests), limits: toQuantities(q.limits) };
}

/** References the user gives by name are external to the app by definition. */
function userReferences(namespace: string | undefined, props: PostgresClusterProps, envFrom: k8s.EnvFromSource[]): ExternalReference[] {
  const refs: ExternalReference[] = [];
  const ref = (kind: string, name: string) => refs.push({ kind, namespace, name });
  for (const e of props.env ?? []) {
    if (e.valueFrom?.secretKeyRef) ref('Secret', e.valueFrom.secretKeyRef.name!);
    if (e.valueFrom?.configMapKeyRef) ref('ConfigMap', e.valueFrom.configMapKeyRef.name!);
  }
  for (const s of envFrom) {
    if (s.secretRef?.name) ref('Secret', s.secretRef.name);
    if (s.configMapRef?.name) ref('ConfigMap', s.configMapRef.name);
  }
  for (const av of props.additionalVolumes ?? []) {
    if (av.volume.secret?.secretName) ref('Secret', av.volume.secret.secretName);
    if (av.volume.configMap?.name) ref('ConfigMap', av.volume.configMap.name);
  }
  return refs;
}

export interface PodContext {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly keys: { clusterLabels: Record<string, string>; clusterNameLabel: string; podRoleLabel: string };
  readonly instances: number;
  readonly version: PostgresVersion;
  readonly replicationUsername: string;
  readonly serviceAccount: string;
  readonly superuser: string;
  readonly policy: PodPolicy;
  readonly tls?: ResolvedTls;
  /** The Patroni REST API credentials Secret, when the API asks for them. */
  readonly patroniApiSecret?: string;
}

/** The cluster's id or else the fleet's; an error names the one given. */
function optionalNumber(prop: string, own: number | undefined, fleet: number | undefined): Record<string, number> {
  const value = own ?? fleet;
  if (value === undefined) return {};
  assertInteger(own !== undefined ? prop : `fleet.${prop}`, value, 0);
  return { [prop]: value };
}
