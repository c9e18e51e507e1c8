/**
 * Small valid objects for the validator/API-server agreement table
 * (agreement-cases.ts): each case clones one and breaks a single field. The
 * Deployment's pod carries what the library emits or is about to: a projected
 * token volume instead of the automounted one, a restricted security context,
 * env read from a Secret and a ConfigMap, tolerations.
 */
import { tokenVolume } from './fixtures';

export const AGREEMENT_NS = 'cdk8s-pg-agreement';
const LABELS = { 'application': 'spilo', 'cluster-name': 'agree' };

export function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'agree', namespace: AGREEMENT_NS, labels: { ...LABELS } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...LABELS } },
      template: {
        metadata: { labels: { ...LABELS } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 101, fsGroup: 103, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'postgres',
            image: 'ghcr.io/zalando/spilo-17:4.0-p2',
            ports: [{ name: 'postgresql', containerPort: 5432 }],
            env: [
              { name: 'SCOPE', value: 'agree' },
              { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
              { name: 'PGPASSWORD_SUPERUSER', valueFrom: { secretKeyRef: { name: 'postgres.agree.credentials', key: 'password' } } },
              { name: 'SPILO_CONFIGURATION', valueFrom: { configMapKeyRef: { name: 'agree-config', key: 'spilo.yaml' } } },
            ],
            resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '1Gi' } },
            readinessProbe: { tcpSocket: { port: 'postgresql' } },
            volumeMounts: [
              { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
              { name: 'dshm', mountPath: '/dev/shm' },
            ],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
          volumes: [
            tokenVolume(),
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
          tolerations: [
            { key: 'postgres', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          ],
        },
      },
    },
  };
}

export function configMap(): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agree-config', namespace: AGREEMENT_NS }, data: { 'spilo.yaml': 'bootstrap: {}\n' } };
}

/** Secrets carry no data in this project's manifests (rule secret/data); the key cases add stringData anyway. */
export function secret(): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'agree-secret', namespace: AGREEMENT_NS }, type: 'Opaque' };
}

export function pdb(): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'agree-pdb', namespace: AGREEMENT_NS },
    spec: {
      minAvailable: 1,
      unhealthyPodEvictionPolicy: 'IfHealthyBudget',
      selector: { matchLabels: { 'cluster-name': 'agree' }, matchExpressions: [{ key: 'spilo-role', operator: 'In', values: ['master'] }] },
    },
  };
}

export function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'agree', namespace: AGREEMENT_NS },
    spec: { selector: { ...LABELS }, ports: [{ name: 'postgresql', port: 5432, targetPort: 'postgresql' }] },
  };
}

/** The Deployment's pod under a StatefulSet, as the library's database pods run. */
export function statefulSet(): any {
  const d = deployment();
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { ...d.metadata },
    spec: {
      serviceName: 'agree',
      replicas: 1,
      selector: d.spec.selector,
      template: d.spec.template,
      volumeClaimTemplates: [{ metadata: { name: 'pgdata' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

function jobSpec(): any {
  return { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'backup', image: 'ghcr.io/zalando/spilo-17:4.0-p2', command: ['true'] }] } } };
}

export function job(): any {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'agree-job', namespace: AGREEMENT_NS }, spec: jobSpec() };
}

export function cronJob(): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'logical-backup-agree', namespace: AGREEMENT_NS },
    spec: { schedule: '30 00 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: jobSpec() } },
  };
}

export function role(): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'agree', namespace: AGREEMENT_NS },
    rules: [{ apiGroups: [''], resources: ['endpoints', 'configmaps'], verbs: ['get', 'patch'] }],
  };
}

export function roleBinding(): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'agree', namespace: AGREEMENT_NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'agree' },
    subjects: [{ kind: 'ServiceAccount', name: 'agree', namespace: AGREEMENT_NS }],
  };
}

/** Cluster-scoped; the dry run stores nothing, so the name cannot collide with anything. */
export function clusterRoleBinding(): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'cdk8s-pg-agreement' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'agree', namespace: AGREEMENT_NS }],
  };
}

export function pvc(): any {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'agree-restore', namespace: AGREEMENT_NS },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}
