/**
 * A realistic, valid manifest set in the shape cdk8s synthesizes (plain JSON),
 * modelled on what one Spilo cluster needs. Tests clone it and break one thing.
 */

const NS = 'db';
const LABELS = { 'application': 'spilo', 'cluster-name': 'acid-orders', 'team': 'acid' };

export function statefulSet(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'acid-orders', namespace: NS, labels: { ...LABELS } },
    spec: {
      replicas: 2,
      serviceName: 'acid-orders',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: { ...LABELS } },
      template: {
        metadata: { labels: { ...LABELS }, annotations: { 'cdk8s-postgres.io/config-hash': 'abc123' } },
        spec: {
          serviceAccountName: 'acid-orders',
          terminationGracePeriodSeconds: 300,
          securityContext: { fsGroup: 103 },
          containers: [
            {
              name: 'postgres',
              image: 'ghcr.io/zalando/spilo-16:3.2-p3',
              imagePullPolicy: 'IfNotPresent',
              ports: [
                { name: 'postgresql', containerPort: 5432, protocol: 'TCP' },
                { name: 'patroni', containerPort: 8008, protocol: 'TCP' },
              ],
              env: [
                { name: 'SCOPE', value: 'acid-orders' },
                { name: 'PGROOT', value: '/home/postgres/pgdata/pgroot' },
                { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
                { name: 'PGPASSWORD_SUPERUSER', valueFrom: { secretKeyRef: { name: 'postgres.acid-orders.credentials.postgresql.acid.zalan.do', key: 'password' } } },
                { name: 'SPILO_CONFIGURATION', valueFrom: { configMapKeyRef: { name: 'acid-orders-config', key: 'spilo.yaml' } } },
              ],
              envFrom: [{ secretRef: { name: 'acid-orders-wal', optional: true } }],
              resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              readinessProbe: { httpGet: { path: '/readiness', port: 'patroni', scheme: 'HTTP' }, periodSeconds: 10 },
              volumeMounts: [
                { name: 'pgdata', mountPath: '/home/postgres/pgdata' },
                { name: 'dshm', mountPath: '/dev/shm' },
                { name: 'tls', mountPath: '/tls', readOnly: true },
              ],
              securityContext: { privileged: false, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false },
            },
          ],
          volumes: [
            { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
            { name: 'tls', projected: { sources: [{ secret: { name: 'acid-orders-tls' } }, { configMap: { name: 'acid-orders-config', optional: true } }] } },
          ],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'cluster-name': 'acid-orders' } } } },
              ],
            },
          },
          tolerations: [{ key: 'postgres', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'pgdata', labels: { ...LABELS } },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'standard' },
        },
      ],
    },
  };
}

export function services(): any[] {
  const svc = (name: string, role: string | undefined): any => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: { ...LABELS, ...(role ? { 'spilo-role': role } : {}) } },
    spec: {
      type: 'ClusterIP',
      ports: [{ name: 'postgresql', port: 5432, targetPort: 5432, protocol: 'TCP' }],
      ...(role === 'replica' ? { selector: { ...LABELS, 'spilo-role': 'replica' } } : {}),
    },
  });
  return [svc('acid-orders', 'master'), svc('acid-orders-repl', 'replica')];
}

export function supportingObjects(): any[] {
  const meta = (name: string) => ({ name, namespace: NS, labels: { ...LABELS } });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('acid-orders') },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('acid-orders'),
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['endpoints'], resourceNames: ['acid-orders'], verbs: ['get', 'patch', 'update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('acid-orders'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'acid-orders' },
      subjects: [{ kind: 'ServiceAccount', name: 'acid-orders', namespace: NS }],
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('postgres-acid-orders-pdb'),
      spec: { maxUnavailable: 1, selector: { matchLabels: { 'cluster-name': 'acid-orders' } } },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('acid-orders-config'), data: { 'spilo.yaml': 'bootstrap: {}\n' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('postgres.acid-orders.credentials.postgresql.acid.zalan.do'), type: 'Opaque' },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('acid-orders'),
      spec: {
        podSelector: { matchLabels: { 'cluster-name': 'acid-orders' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['orders'] }] } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      },
    },
  ];
}

function jobPodSpec(): any {
  return {
    restartPolicy: 'Never',
    serviceAccountName: 'acid-orders',
    containers: [
      {
        name: 'sync',
        image: 'ghcr.io/zalando/spilo-16:3.2-p3',
        command: ['/bin/sh', '-c', 'psql -f /sql/sync.sql'],
        env: [{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'postgres.acid-orders.credentials.postgresql.acid.zalan.do', key: 'password' } } }],
        volumeMounts: [{ name: 'sql', mountPath: '/sql' }],
      },
    ],
    volumes: [{ name: 'sql', configMap: { name: 'acid-orders-config', defaultMode: 0o444 } }],
  };
}

export function batchAndApps(): any[] {
  const meta = (name: string) => ({ name, namespace: NS, labels: { ...LABELS } });
  return [
    { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('acid-orders-sync-1a2b3c'), spec: { backoffLimit: 6, ttlSecondsAfterFinished: 600, template: { spec: jobPodSpec() } } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('logical-backup-acid-orders'),
      spec: { schedule: '30 00 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { ...jobPodSpec(), restartPolicy: 'OnFailure' } } } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('acid-orders-pooler'),
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        selector: { matchLabels: { 'connection-pooler': 'acid-orders-pooler' }, matchExpressions: [{ key: 'application', operator: 'Exists' }] },
        template: {
          metadata: { labels: { 'application': 'db-connection-pooler', 'connection-pooler': 'acid-orders-pooler' } },
          spec: {
            containers: [
              {
                name: 'connection-pooler',
                image: 'registry.opensource.zalan.do/acid/pgbouncer:master-32',
                ports: [{ name: 'pgbouncer', containerPort: 5432 }],
                resources: { requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: 1, memory: '100Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
}

/** The whole valid set. */
export function validSet(): any[] {
  return [statefulSet(), ...services(), ...supportingObjects(), ...batchAndApps()];
}

/** External objects the valid set references without defining. */
export const EXTERNAL = [{ kind: 'Secret', name: 'acid-orders-tls' }];

/** A projected volume like the one the library mounts instead of the automounted token (a fresh copy each call). */
export const tokenVolume = (): any => ({
  name: 'kube-api-access',
  projected: {
    defaultMode: 0o444,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
});
