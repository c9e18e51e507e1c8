import { Code, member, Tree } from './code';
import { FieldStatus, fieldRow } from './field-table';
import { Findings } from './findings';
import {
  cloneCode, loadBalancerTree, logicalBackupTree, nodePortTree, nodePortWarnings, patroniTree, poolerTree, preparedDatabasesTree, standbyCode,
  tlsTree, usersTree,
} from './map-cluster-data';
import { additionalVolumesTree, envTree, kubeList, kubeObject, resourcesTree, sidecarsTree } from './map-cluster-pod';
import { compact, OperatorContext } from './map-operator-configuration';
import { ManifestError, sizeCode, stringMap } from './values';
import { PostgresVersion } from '../cluster/postgres-version';

/** One `postgresql` resource as `PostgresClusterProps` (a tree), with where it goes. */
export interface MappedCluster {
  readonly name: string;
  readonly namespace?: string;
  /** `kind namespace/name`, for messages. */
  readonly source: string;
  readonly props: Record<string, Tree>;
}

/** Reports every set field the table refuses or does not know. */
function checkFields(source: string, spec: any, findings: Findings): void {
  const visit = (value: unknown, path: string) => {
    const row = fieldRow(path);
    if (row) {
      if (row.status === FieldStatus.REFUSED && isSet(value)) findings.refuse(source, path, row.note, row.safeToDrop ?? false);
      return;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    } else if (isSet(value)) {
      findings.refuse(source, path, 'not a field of the postgresql resource (acid.zalan.do/v1)', false);
    }
  };
  visit(spec, 'spec');
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0);

const pick = (from: Record<string, string> | undefined, keys: string[]) => {
  const picked = Object.entries(from ?? {}).filter(([k]) => keys.includes(k));
  return picked.length ? Object.fromEntries(picked) : undefined;
};

/** Maps one `postgresql` document; refusals go to `findings`, input errors throw ManifestError. */
export function mapCluster(doc: any, ctx: OperatorContext, fleet: Code | undefined, findings: Findings): MappedCluster {
  const meta = doc.metadata ?? {};
  const name = meta.name;
  if (typeof name !== 'string' || !name) throw new ManifestError('postgresql without metadata.name');
  const source = `postgresql ${meta.namespace ? `${meta.namespace}/` : ''}${name}`;
  const spec = doc.spec;
  if (!spec || typeof spec !== 'object') throw new ManifestError(`${source}: no spec`);
  try {
    return { name, namespace: meta.namespace, source, props: mapSpec(source, meta, spec, ctx, fleet, findings) };
  } catch (e) {
    if (e instanceof ManifestError && !e.message.startsWith(source)) throw new ManifestError(`${source}: ${e.message}`);
    throw e;
  }
}

function mapSpec(source: string, meta: any, spec: any, ctx: OperatorContext, fleet: Code | undefined, findings: Findings): Record<string, Tree> {
  checkFields(source, spec, findings);
  for (const key of ['teamId', 'numberOfInstances']) if (spec[key] === undefined) throw new ManifestError(`spec.${key} is required`);
  const version = String(spec.postgresql?.version ?? '');
  if (!PostgresVersion.SUPPORTED.includes(version)) {
    throw new ManifestError(`spec.postgresql.version: '${version}' is not one of ${PostgresVersion.SUPPORTED.join(', ')}`);
  }
  if (spec.volume?.size === undefined) throw new ManifestError('spec.volume.size is required');
  nodePortWarnings(source, spec, findings);
  if (spec.enableShmVolume === false) findings.warn(source, 'spec.enableShmVolume', 'false now removes /dev/shm (the operator kept it when its configuration enables it)');

  const volume = compact({
    size: sizeCode('spec.volume.size', spec.volume.size),
    storageClass: spec.volume.storageClass || undefined,
    selector: kubeObject(spec.volume.selector),
    subPath: spec.volume.subPath || undefined,
    subPathIsExpression: spec.volume.isSubPathExpr || undefined,
  });
  return compact({
    name: meta.name,
    clusterUid: meta.uid,
    fleet,
    teamId: String(spec.teamId),
    instances: Number(spec.numberOfInstances),
    version: member(PostgresVersion.of(version), 'cdk8s-postgres:PostgresVersion', `V${version}`),
    image: spec.dockerImage,
    labels: pick(meta.labels, ctx.inheritedLabels),
    annotations: pick(meta.annotations, ctx.inheritedAnnotations),
    volume,
    resources: resourcesTree('spec.resources', spec.resources),
    parameters: spec.postgresql?.parameters ? stringMap('spec.postgresql.parameters', spec.postgresql.parameters) : undefined,
    patroni: patroniTree(spec.patroni),
    env: envTree(source, spec.env, findings),
    envFrom: kubeList(spec.envFrom),
    podAnnotations: spec.podAnnotations,
    serviceAnnotations: spec.serviceAnnotations,
    masterServiceAnnotations: spec.masterServiceAnnotations,
    replicaServiceAnnotations: spec.replicaServiceAnnotations,
    tolerations: kubeList(spec.tolerations),
    nodeAffinity: kubeObject(spec.nodeAffinity),
    topologySpreadConstraints: kubeList(spec.topologySpreadConstraints),
    priorityClassName: spec.podPriorityClassName || spec.pod_priority_class_name || undefined,
    schedulerName: spec.schedulerName,
    runAsUser: spec.spiloRunAsUser,
    runAsGroup: spec.spiloRunAsGroup,
    fsGroup: spec.spiloFSGroup,
    enableShmVolume: spec.enableShmVolume,
    additionalVolumes: additionalVolumesTree(spec.additionalVolumes),
    initContainers: kubeList([...(spec.initContainers ?? []), ...(spec.init_containers ?? [])]),
    sidecars: sidecarsTree(source, spec.sidecars, findings),
    livenessProbe: kubeObject(spec.livenessProbe),
    loadBalancer: loadBalancerTree(spec, ctx),
    nodePort: nodePortTree(spec),
    logicalBackup: logicalBackupTree(spec),
    clone: cloneCode(source, spec.clone, ctx, findings),
    standby: standbyCode(spec.standby, ctx),
    users: usersTree(spec.users),
    databases: spec.databases ? stringMap('spec.databases', spec.databases) : undefined,
    preparedDatabases: preparedDatabasesTree(spec.preparedDatabases),
    tls: tlsTree(spec.tls),
    connectionPooler: poolerTree(spec),
  }) ?? {};
}
