import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { typedKubeObject } from '../private/kube-object';
import { names } from '../private/names';

/**
 * ServiceAccount, Role and RoleBinding `<c>-postgres-pod` for Patroni's Kubernetes DCS in ConfigMaps mode: one
 * namespaced Role per cluster, with `resourceNames` wherever Kubernetes honours them.
 */
export function renderPatroniRbac(scope: Construct, cluster: string, instances: number, meta: ApiObjectMetadata) {
  const name = names.podServiceAccount(cluster);
  const metadata = { ...meta, name };
  // Typed classes (public fields) that render as plain ApiObjects: the same manifests, rendered faster.
  const serviceAccount = typedKubeObject(k8s.KubeServiceAccount, scope, 'ServiceAccount', metadata, {});
  const pods = Array.from({ length: Math.max(instances, 1) }, (_, i) => names.podName(cluster, i));
  const role = typedKubeObject(k8s.KubeRole, scope, 'Role', metadata, {
    rules: [
      // Patroni creates its leader/config/sync/failover ConfigMaps on first use.
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
      // delete: Patroni removes the config ConfigMap when a bootstrap fails.
      { apiGroups: [''], resources: ['configmaps'], resourceNames: names.patroniConfigMaps(cluster), verbs: ['get', 'patch', 'update', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      // Each member labels and annotates only its own pod.
      { apiGroups: [''], resources: ['pods'], resourceNames: pods, verbs: ['get', 'patch', 'update'] },
    ],
  });
  const roleBinding = typedKubeObject(k8s.KubeRoleBinding, scope, 'RoleBinding', metadata, {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: meta.namespace }],
  });
  return { serviceAccount, role, roleBinding };
}
