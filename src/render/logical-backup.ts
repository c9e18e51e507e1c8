import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedLogicalBackup } from '../model/backup';
import { declareExternal } from '../private/external';
import { kubeObject } from '../private/kube-object';

/**
 * The logical backup's objects: ServiceAccount, a Role that only lists pods (the script looks up a
 * replica, else the primary, through the API), its RoleBinding, and the CronJob.
 */
export function renderLogicalBackup(scope: Construct, namespace: string | undefined, b: ResolvedLogicalBackup): k8s.KubeCronJob {
  for (const secret of b.secrets) declareExternal(scope, 'Secret', namespace, secret);
  const annotated = (annotations: Record<string, string>) => (Object.keys(annotations).length ? { annotations } : {});
  const metadata = { name: b.name, namespace, labels: b.labels, ...annotated(b.annotations) };
  kubeObject(scope, 'ServiceAccount', k8s.KubeServiceAccount.GVK,
    { ...metadata, ...annotated({ ...b.annotations, ...b.serviceAccountAnnotations }) }, {});
  kubeObject(scope, 'Role', k8s.KubeRole.GVK, metadata, {
    // The script lists pods by label (replica on this node, any replica, the primary) and its own pod by name.
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
  });
  kubeObject(scope, 'RoleBinding', k8s.KubeRoleBinding.GVK, metadata, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: b.name },
    subjects: [{ kind: 'ServiceAccount', name: b.name, namespace }],
  });
  const podMetadata = { labels: b.labels, ...annotated(b.annotations) };
  return new k8s.KubeCronJob(scope, 'CronJob', {
    metadata,
    spec: {
      schedule: b.schedule,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: b.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: b.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: podMetadata,
        spec: {
          ttlSecondsAfterFinished: b.ttlSecondsAfterFinished,
          template: {
            metadata: podMetadata,
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: b.name,
              terminationGracePeriodSeconds: b.terminationGracePeriodSeconds,
              ...(Object.keys(b.securityContext).length ? { securityContext: b.securityContext } : {}),
              containers: [b.container],
              ...(b.volumes.length ? { volumes: b.volumes } : {}),
              ...(b.tolerations.length ? { tolerations: b.tolerations } : {}),
              ...(b.affinity ? { affinity: b.affinity } : {}),
            },
          },
        },
      },
    },
  });
}
