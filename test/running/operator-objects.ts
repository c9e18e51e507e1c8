// What the Zalando operator leaves in a namespace for one `postgresql` resource (ConfigMaps DCS mode, the shipped
// default configuration with owner references and finalizers on), built from the census of its code in
// ../shared/reference/zalando-operator.md (§3, §4), so the running tier can take such a cluster over without an
// operator. Written by this project; only names, labels and values are the operator's.
import { postgresqlCrd } from '../../scripts/schema/operator-crd';
import { KubeClient, Manifest } from '../apiserver/client';

/** The finalizer the operator puts on a `postgresql` with `enable_finalizers: true`. */
export const OPERATOR_FINALIZER = 'postgres-operator.acid.zalan.do';
/** The field manager the operator's client-go writes with (creates and updates, never apply). */
export const OPERATOR_MANAGER = 'postgres-operator';
/** Shipped in the operator's manifests and bound per namespace; the ClusterRole must exist before the pods. */
export const POD_SERVICE_ACCOUNT = 'postgres-pod';

export interface OperatorClusterOptions {
  readonly namespace: string;
  readonly name: string;
  readonly teamId: string;
  readonly instances: number;
  readonly version: string;
  readonly volumeSize: string;
  /** Manifest users (no flags); each gets a credentials Secret. */
  readonly users: string[];
  readonly databases: Record<string, string>;
  readonly image: string;
}

/** The operator's `postgresql` CRD, from its Go module (scripts/schema/operator-crd.ts). */
export const operatorCrd = (): Manifest => postgresqlCrd() as Manifest;

export const secretName = (user: string, cluster: string) => `${user.replace(/_/g, '-')}.${cluster}.credentials.postgresql.acid.zalan.do`;

/** The `postgresql` resource as a team keeps it in git (plus the operator's finalizer). */
export function postgresqlResource(o: OperatorClusterOptions): Manifest {
  return {
    apiVersion: 'acid.zalan.do/v1',
    kind: 'postgresql',
    metadata: { name: o.name, namespace: o.namespace, finalizers: [OPERATOR_FINALIZER] },
    spec: {
      teamId: o.teamId,
      numberOfInstances: o.instances,
      postgresql: { version: o.version },
      volume: { size: o.volumeSize },
      users: Object.fromEntries(o.users.map(u => [u, []])),
      databases: o.databases,
    },
  };
}

/** The operator's label sets (§3.1): L0 selects, L1 labels objects. */
export function labelSets(o: OperatorClusterOptions) {
  const l0 = { 'application': 'spilo', 'cluster-name': o.name };
  return { l0, l1: { ...l0, team: o.teamId } };
}

/** A controller reference to the `postgresql` (`enable_owner_references: true`). */
export const ownerReference = (name: string, uid: string) =>
  ({ apiVersion: 'acid.zalan.do/v1', kind: 'postgresql', name, uid, controller: true });

/**
 * The children the operator creates for the resource (uid: its `metadata.uid`): Secrets with the given passwords,
 * Services, disruption budgets, the StatefulSet; and the per-namespace ServiceAccount and RoleBinding (not owned).
 */
export function operatorChildren(o: OperatorClusterOptions, uid: string, passwords: Record<string, string>): Manifest[] {
  const { l0, l1 } = labelSets(o);
  const meta = (name: string, labels: Record<string, string> = l1) =>
    ({ name, namespace: o.namespace, labels, ownerReferences: [ownerReference(o.name, uid)] });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secrets = ['postgres', 'standby', ...o.users].map(user => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: meta(secretName(user, o.name)),
    data: { username: b64(user), password: b64(passwords[user]) },
  }));
  const service = (role: 'master' | 'replica') => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(role === 'master' ? o.name : `${o.name}-repl`, { ...l1, 'spilo-role': role }),
    spec: { type: 'ClusterIP', ports: [{ name: 'postgresql', port: 5432, targetPort: 5432 }], selector: { ...l0, 'spilo-role': role } },
  });
  const pdbs = [
    { name: `postgres-${o.name}-pdb`, spec: { minAvailable: 1, selector: { matchLabels: { ...l0, 'spilo-role': 'master' } } } },
    { name: `postgres-${o.name}-critical-op-pdb`, spec: { maxUnavailable: 0, selector: { matchLabels: { ...l0, 'critical-operation': 'true' } } } },
  ].map(p => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(p.name), spec: p.spec }));
  const secretRef = (user: string) => ({ secretKeyRef: { name: secretName(user, o.name), key: 'password' } });
  // §4.4 in the operator's order with its defaults; §4.5 for a cluster without parameters or Patroni settings.
  const env = [
    { name: 'SCOPE', value: o.name },
    { name: 'PGROOT', value: '/home/postgres/pgdata/pgroot' },
    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    { name: 'PGUSER_SUPERUSER', value: 'postgres' },
    { name: 'KUBERNETES_SCOPE_LABEL', value: 'cluster-name' },
    { name: 'KUBERNETES_ROLE_LABEL', value: 'spilo-role' },
    { name: 'PGPASSWORD_SUPERUSER', valueFrom: secretRef('postgres') },
    { name: 'PGUSER_STANDBY', value: 'standby' },
    { name: 'PGPASSWORD_STANDBY', valueFrom: secretRef('standby') },
    { name: 'PAM_OAUTH2', value: 'https://info.example.com/oauth2/tokeninfo?access_token= uid realm=/employees' },
    { name: 'HUMAN_ROLE', value: 'zalandos' },
    { name: 'PGVERSION', value: o.version },
    { name: 'KUBERNETES_LABELS', value: '{"application":"spilo"}' },
    { name: 'SPILO_CONFIGURATION', value: '{"postgresql":{},"bootstrap":{"initdb":[{"auth-host":"scram-sha-256"},{"auth-local":"trust"}],"dcs":{"failsafe_mode":false}}}' },
    { name: 'DCS_ENABLE_KUBERNETES_API', value: 'true' },
    { name: 'KUBERNETES_BOOTSTRAP_LABELS', value: '{"critical-operation":"true"}' },
    { name: 'KUBERNETES_USE_CONFIGMAPS', value: 'true' },
  ];
  const statefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(o.name),
    spec: {
      replicas: o.instances,
      selector: { matchLabels: l0 },
      serviceName: o.name,
      updateStrategy: { type: 'OnDelete' },
      podManagementPolicy: 'OrderedReady',
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: l1 },
        spec: {
          serviceAccountName: POD_SERVICE_ACCOUNT,
          terminationGracePeriodSeconds: 300,
          containers: [{
            name: 'postgres',
            image: o.image,
            imagePullPolicy: 'IfNotPresent',
            ports: [8008, 5432, 8080].map(containerPort => ({ containerPort, protocol: 'TCP' })),
            env,
            resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '500Mi' } },
            securityContext: { privileged: false, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false },
            volumeMounts: [{ name: 'pgdata', mountPath: '/home/postgres/pgdata' }, { name: 'dshm', mountPath: '/dev/shm' }],
          }],
          volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'pgdata', labels: l1 },
        spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: o.volumeSize } } },
      }],
    },
  };
  // Created once per namespace if absent, never owned (§3.2 rows 1-2).
  const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: POD_SERVICE_ACCOUNT, namespace: o.namespace } };
  const roleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: POD_SERVICE_ACCOUNT, namespace: o.namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: POD_SERVICE_ACCOUNT },
    subjects: [{ kind: 'ServiceAccount', name: POD_SERVICE_ACCOUNT, namespace: o.namespace }],
  };
  return [serviceAccount, roleBinding, ...secrets, service('master'), service('replica'), ...pdbs, statefulSet] as Manifest[];
}

/** The `postgres-pod` ClusterRole of the operator's shipped RBAC manifest (§3.4). */
export function podClusterRole(): Manifest {
  const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: POD_SERVICE_ACCOUNT },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: all },
      { apiGroups: [''], resources: ['endpoints'], verbs: all },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['create'] },
    ],
  } as Manifest;
}

/** Creates an object as the operator does (POST, its field manager); an existing one is left as it is. */
export async function createAsOperator(client: KubeClient, obj: Manifest): Promise<any> {
  const path = await client.path(obj);
  const collection = path.slice(0, path.lastIndexOf('/'));
  const r = await client.request('POST', `${collection}?fieldManager=${OPERATOR_MANAGER}`, obj);
  if (r.status === 409) return client.get(obj);
  if (r.status < 200 || r.status > 299) throw new Error(`create ${obj.kind} ${obj.metadata.name}: HTTP ${r.status} ${r.body?.message ?? ''}`);
  return r.body;
}
