import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { PostgresResources } from '../cluster/resources';
import { ResolvedSidecar } from '../model/pod';
import { assertArguments } from '../private/arguments';
import { assertDataKey, assertEnvFrom, assertEnvVar } from '../private/env';
import { ExternalReference } from '../private/external';
import { withSortedMaps } from '../private/map-order';
import { names } from '../private/names';
import { contentName } from '../private/namespace-config-map';
import { assertHostPorts, assertNoPlaintextSecrets, assertVolumePolicy, containerSecurity, PodPolicy } from '../private/pod-security';
import { assertProbe } from '../private/probe';
import { cpuMillis, cpuQuantity, memoryBytes, sizeBytes, sizeQuantity } from '../private/quantity';
import { assertMountPath, PGDATA_MOUNT_PATH, POSTGRES_CONTAINER, RUN_MOUNT_PATH } from '../private/spilo-pod';
import { assertBoolean, assertDns1123Label, assertInteger, assertSubPath, fail, failConflict } from '../private/validation';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

/** Names the cluster injects into every sidecar, in this order (the operator's patchSidecarContainers). */
export const INJECTED_ENV = ['POD_NAME', 'POD_NAMESPACE', 'POSTGRES_USER', 'POSTGRES_PASSWORD'];
/** Postgres's own ports: Patroni's REST API, PostgreSQL, and 8080 (bg_mon in Spilo). */
export const POSTGRES_PORTS = [8008, 5432, 8080];
/** Longest sidecar name for which `<name>-config` stays a DNS-1123 label (the config volume). */
export const MAX_SIDECAR_NAME = 56;

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** The operator's shipped postgres defaults (millicores and sizes), which sidecars inherit. */
const DEFAULT_CPU = { cpuRequest: 100, cpuLimit: 1000 };
const DEFAULT_MEMORY = { memoryRequest: Size.mebibytes(100), memoryLimit: Size.mebibytes(500) };

export interface SidecarContext {
  readonly cluster: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly superuser: string;
  readonly pgdataMount: k8s.VolumeMount;
  /** The fleet's postgres defaults (`resources`), which sidecars inherit. */
  readonly defaultResources?: PostgresResources;
  readonly setMemoryRequestToLimit: boolean;
  readonly policy: PodPolicy;
}

/** Validates one sidecar and resolves its container, its ConfigMap's content and what it references. */
export function resolveSidecar(sidecar: PostgresSidecar, prop: string, ctx: SidecarContext): ResolvedSidecar {
  // A plain object from a JavaScript caller has no _props.
  if (typeof sidecar?._props !== 'object' || sidecar._props === null) fail(prop, sidecar, 'a PostgresSidecar (new PostgresSidecar({ ... }) or one of its factories)');
  const p = withSortedMaps(sidecar._props);
  if (typeof p.name !== 'string' || p.name === '') fail(`${prop}.name`, p.name, 'a container name');
  assertDns1123Label(`${prop}.name`, p.name);
  if (p.name === POSTGRES_CONTAINER) fail(`${prop}.name`, p.name, 'a name other than postgres, the database container');
  if (p.name.length > MAX_SIDECAR_NAME) fail(`${prop}.name`, p.name, `at most ${MAX_SIDECAR_NAME} characters, so that <name>-config is a volume name`);
  if (typeof p.image !== 'string' || p.image.trim() === '' || /\s/.test(p.image)) fail(`${prop}.image`, p.image, 'a container image reference');
  assertFieldTypes(prop, p);
  const ports = validatePorts(prop, p.ports ?? []);
  if (p.metricsPortName !== undefined && !ports.some(port => port.name === p.metricsPortName)) {
    fail(`${prop}.metricsPortName`, p.metricsPortName, `the name of one of the sidecar's ports (${ports.map(port => port.name ?? '<unnamed>').join(', ') || 'none'})`);
  }
  const externals: ExternalReference[] = [];
  const external = (kind: string, name: string) => externals.push({ kind, namespace: ctx.namespace, name });
  const seen = new Set<string>();
  (p.env ?? []).forEach((e, i) => {
    assertEnvVar(`${prop}.env[${i}]`, e);
    if (INJECTED_ENV.includes(e.name)) {
      // Deviation: the operator silently drops the sidecar's own variable of that name.
      fail(`${prop}.env[${i}].name`, e.name, `a name other than ${INJECTED_ENV.join(', ')}, which the cluster injects into every sidecar`);
    }
    if (seen.has(e.name)) fail(`${prop}.env[${i}].name`, e.name, 'a name not set twice');
    seen.add(e.name);
    if (e.valueFrom?.secretKeyRef?.name) external('Secret', e.valueFrom.secretKeyRef.name);
    if (e.valueFrom?.configMapKeyRef?.name) external('ConfigMap', e.valueFrom.configMapKeyRef.name);
  });
  assertNoPlaintextSecrets(`${prop}.env`, p.env, ctx.policy);
  for (const flag of ['shareSocket', 'superuserAccess', 'pgdataWritable'] as const) assertBoolean(`${prop}.${flag}`, p[flag]);
  assertHostPorts(`${prop}.ports`, p.ports, ctx.policy);
  if (p.shareSocket && !p.superuserAccess) {
    failConflict(`${prop}.shareSocket`, 'Spilo trusts connections on the socket, so sharing it gives the sidecar superuser access; set superuserAccess: true to grant that on purpose');
  }
  (p.envFrom ?? []).forEach((s, i) => assertEnvFrom(`${prop}.envFrom[${i}]`, s));
  for (const s of p.envFrom ?? []) {
    if (s.secretRef?.name) external('Secret', s.secretRef.name);
    if (s.configMapRef?.name) external('ConfigMap', s.configMapRef.name);
  }

  const volumes: k8s.Volume[] = [...(p.volumes ?? [])];
  volumes.forEach((v, i) => {
    if (typeof v !== 'object' || v === null) fail(`${prop}.volumes[${i}]`, v, 'a volume ({ name, <source> })');
    assertDns1123Label(`${prop}.volumes[${i}].name`, v?.name ?? '');
    assertVolumePolicy(`${prop}.volumes[${i}]`, v, ctx.policy);
  });
  const mounts: k8s.VolumeMount[] = [...(p.volumeMounts ?? [])];
  let configMap: ResolvedSidecar['configMap'];
  if (p.configFiles !== undefined) {
    for (const [key, content] of Object.entries(p.configFiles)) {
      assertDataKey(`${prop}.configFiles key`, key, 'a ConfigMap key');
      if (typeof content !== 'string') fail(`${prop}.configFiles['${key}']`, content, 'the file\'s text');
    }
    const data = { ...p.configFiles };
    const shared = sidecar._namespaceConfig;
    // Hashed from the sidecar's own files object, which it never changes: once per sidecar, not per cluster.
    const configMapName = shared ? contentName(`cdk8s-postgres-${p.name}`, p.configFiles) : `${ctx.cluster}-sidecar-${p.name}`;
    configMap = { name: configMapName, data, shared };
    volumes.push({ name: `${p.name}-config`, configMap: { name: configMapName } });
    mounts.push({ name: `${p.name}-config`, mountPath: p.configMountPath ?? `/etc/${p.name}`, readOnly: true });
  }
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const own = i < (p.volumeMounts ?? []).length;
    const mprop = own ? `${prop}.volumeMounts[${i}]` : `${prop}.configMountPath`;
    // The config mount is named by the prop that sets its path.
    const pathProp = own ? `${mprop}.mountPath` : mprop;
    if (typeof m !== 'object' || m === null) fail(mprop, m, 'a volume mount ({ name, mountPath })');
    if (typeof m.mountPath !== 'string' || !m.mountPath.startsWith('/')) fail(pathProp, m.mountPath, 'an absolute path');
    if ([PGDATA_MOUNT_PATH, RUN_MOUNT_PATH].includes(m.mountPath) || paths.has(m.mountPath)) {
      fail(pathProp, m.mountPath, `a path no other mount of the sidecar uses (the cluster mounts pgdata at ${PGDATA_MOUNT_PATH} and the socket directory at ${RUN_MOUNT_PATH})`);
    }
    if (m.name === 'pgdata') fail(`${mprop}.name`, m.name, 'a volume other than pgdata, which every sidecar gets at /home/postgres/pgdata');
    assertMountPath(pathProp, m.mountPath);
    assertSubPath(`${mprop}.subPath`, m.subPath);
    paths.add(m.mountPath);
  });

  const injected: k8s.EnvVar[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    // Deviation: the operator gives every sidecar the superuser; here only the ones that ask.
    ...(p.superuserAccess ? [
      { name: 'POSTGRES_USER', value: ctx.superuser },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: names.credentialsSecret(ctx.superuser, ctx.cluster), key: 'password' } } },
    ] : []),
  ];
  const portNames = ports.flatMap(port => (port.name === undefined ? [] : [port.name]));
  assertProbe(`${prop}.readinessProbe`, p.readinessProbe, 'readiness', portNames);
  assertProbe(`${prop}.livenessProbe`, p.livenessProbe, 'liveness', portNames);
  assertProbe(`${prop}.startupProbe`, p.startupProbe, 'startup', portNames);
  const securityContext = containerSecurity(`${prop}.securityContext`, p.securityContext, ctx.policy);
  const container: k8s.Container = {
    name: p.name,
    image: p.image,
    imagePullPolicy: 'IfNotPresent',
    ...(p.command?.length ? { command: [...p.command] } : {}),
    ...(p.args?.length ? { args: [...p.args] } : {}),
    // The user's env in JSON form, as the typed class would convert it: the StatefulSet renders as a plain ApiObject.
    env: [...injected, ...(p.env ?? []).map(e => k8s.toJson_EnvVar(e) as k8s.EnvVar)],
    ...(p.envFrom?.length ? { envFrom: [...p.envFrom] } : {}),
    ...(ports.length ? { ports } : {}),
    resources: sidecarResources(`${prop}.resources`, p.resources, ctx),
    // Deviation: read-only unless asked; the operator mounts pgdata writable in every sidecar.
    volumeMounts: [...mounts, p.pgdataWritable ? ctx.pgdataMount : { ...ctx.pgdataMount, readOnly: true }],
    ...(p.readinessProbe ? { readinessProbe: p.readinessProbe } : {}),
    ...(p.livenessProbe ? { livenessProbe: p.livenessProbe } : {}),
    ...(p.startupProbe ? { startupProbe: p.startupProbe } : {}),
    ...(securityContext ? { securityContext } : {}),
  };
  return { prop, sidecar, container, volumes, externals, ...(configMap ? { configMap } : {}) };
}

/** The types a JavaScript caller may get wrong where the checks further on would not catch it. */
function assertFieldTypes(prop: string, p: PostgresSidecar['_props']): void {
  assertArguments(`${prop}.command`, p.command);
  assertArguments(`${prop}.args`, p.args);
  for (const key of ['env', 'envFrom', 'ports', 'volumeMounts', 'volumes'] as const) {
    if (p[key] !== undefined && !Array.isArray(p[key])) fail(`${prop}.${key}`, p[key], 'a list');
  }
  if (p.configFiles !== undefined && (typeof p.configFiles !== 'object' || p.configFiles === null || Array.isArray(p.configFiles))) {
    fail(`${prop}.configFiles`, p.configFiles, 'an object of file names to their text');
  }
  for (const key of ['securityContext', 'resources'] as const) {
    if (p[key] !== undefined && (typeof p[key] !== 'object' || p[key] === null)) fail(`${prop}.${key}`, p[key], 'an object');
  }
  if (p.configMountPath !== undefined && p.configFiles === undefined) {
    fail(`${prop}.configMountPath`, p.configMountPath, 'no configMountPath without configFiles, which it is the mount path of');
  }
}

function validatePorts(prop: string, ports: k8s.ContainerPort[]): k8s.ContainerPort[] {
  const portNames = new Set<string>();
  return ports.map((port, i) => {
    const pprop = `${prop}.ports[${i}]`;
    if (typeof port !== 'object' || port === null) fail(pprop, port, 'a container port ({ containerPort, name?, protocol? })');
    assertInteger(`${pprop}.containerPort`, port.containerPort, 1, 65535);
    const protocol = port.protocol ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) fail(`${pprop}.protocol`, protocol, 'TCP, UDP or SCTP');
    if (protocol === 'TCP' && POSTGRES_PORTS.includes(port.containerPort)) {
      fail(`${pprop}.containerPort`, port.containerPort, `a port other than ${POSTGRES_PORTS.join(', ')}, where the postgres container listens`);
    }
    if (port.name !== undefined) {
      if (port.name.length > 15 || !IANA_SVC_NAME.test(port.name) || port.name.includes('--')) {
        fail(`${pprop}.name`, port.name, 'an IANA service name: at most 15 lower-case letters, digits and single dashes, with at least one letter');
      }
      if (portNames.has(port.name)) fail(`${pprop}.name`, port.name, 'a port name not used twice');
      portNames.add(port.name);
    }
    return { ...port, protocol };
  });
}

/**
 * The operator's generateResourceRequirements for a sidecar: fill what is unset from the postgres
 * defaults, raise limits below requests, optionally set the memory request to the limit. No
 * minimum limits and no maximum requests (those apply to postgres only).
 */
export function sidecarResources(prop: string, own: PostgresResources | undefined, ctx: SidecarContext): k8s.ResourceRequirements {
  const defaults = ctx.defaultResources;
  const cpu = (k: 'cpuRequest' | 'cpuLimit') => {
    const v = own?.[k] ?? defaults?.[k];
    return v === undefined ? DEFAULT_CPU[k] : cpuMillis(v, `${own?.[k] !== undefined ? prop : 'fleet.resources'}.${k}`);
  };
  const mem = (k: 'memoryRequest' | 'memoryLimit') => memoryBytes(own?.[k] ?? defaults?.[k] ?? DEFAULT_MEMORY[k], `${own?.[k] !== undefined ? prop : 'fleet.resources'}.${k}`);
  let cpuReq = cpu('cpuRequest');
  let cpuLim = cpu('cpuLimit');
  let memReq = mem('memoryRequest');
  let memLim = mem('memoryLimit');
  if (cpuLim < cpuReq) cpuLim = cpuReq;
  if (memLim < memReq) memLim = memReq;
  if (ctx.setMemoryRequestToLimit) memReq = memLim;
  const q = (s: string) => k8s.Quantity.fromString(s);
  const requests: Record<string, k8s.Quantity> = { cpu: q(cpuQuantity(cpuReq)), memory: q(sizeQuantity(Size.kibibytes(memReq / 1024))) };
  const limits: Record<string, k8s.Quantity> = { cpu: q(cpuQuantity(cpuLim)), memory: q(sizeQuantity(Size.kibibytes(memLim / 1024))) };
  for (const [key, k] of [['hugepages-2Mi', 'hugepages2Mi'], ['hugepages-1Gi', 'hugepages1Gi']] as const) {
    const size = own?.[k];
    if (size === undefined) continue;
    const page = key === 'hugepages-2Mi' ? 2 * 1024 ** 2 : 1024 ** 3;
    if (sizeBytes(size) === 0 || sizeBytes(size) % page !== 0) failConflict(`${prop}.${k}`, `${sizeQuantity(size)} is not a positive multiple of the ${key.slice(10)} page size`);
    requests[key] = limits[key] = q(sizeQuantity(size));
  }
  return { requests, limits };
}
