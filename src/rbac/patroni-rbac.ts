import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { typedKubeObject } from '../private/kube-object';
import { names } from '../private/names';

/** Properties of `PatroniRbac`. */
export interface PatroniRbacProps {
  /** Cluster name (Patroni's scope). */
  readonly cluster: string;
  /** Number of members; each member's pod is named in the Role. */
  readonly instances: number;
  /** Metadata (namespace, labels, annotations) of the three objects; the name is derived. */
  readonly metadata: ApiObjectMetadata;
}

/**
 * ServiceAccount, Role and RoleBinding for Patroni's Kubernetes DCS in ConfigMaps mode.
 *
 * Deviation from the operator (cluster-wide `postgres-pod` ClusterRole): one namespaced Role per
 * cluster, with `resourceNames` wherever Kubernetes honours them (get/patch/update/delete);
 * create, list and watch cannot be narrowed by name.
 */
export class PatroniRbac extends Construct {
  /** The pods' ServiceAccount. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The Role. */
  public readonly role: k8s.KubeRole;
  /** The RoleBinding. */
  public readonly roleBinding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: PatroniRbacProps) {
    super(scope, id);
    const name = names.podServiceAccount(props.cluster);
    const metadata = { ...props.metadata, name };
    // Typed classes (public fields) that render as plain ApiObjects: the same manifests, rendered faster.
    this.serviceAccount = typedKubeObject(k8s.KubeServiceAccount, this, 'ServiceAccount', metadata, {});
    const pods = Array.from({ length: Math.max(props.instances, 1) }, (_, i) => names.podName(props.cluster, i));
    this.role = typedKubeObject(k8s.KubeRole, this, 'Role', metadata, {
      rules: [
        // Patroni creates its leader/config/sync/failover ConfigMaps on first use.
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
        // delete: Patroni removes the config ConfigMap when a bootstrap fails.
        { apiGroups: [''], resources: ['configmaps'], resourceNames: names.patroniConfigMaps(props.cluster), verbs: ['get', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
        // Each member labels and annotates only its own pod.
        { apiGroups: [''], resources: ['pods'], resourceNames: pods, verbs: ['get', 'patch', 'update'] },
      ],
    });
    this.roleBinding = typedKubeObject(k8s.KubeRoleBinding, this, 'RoleBinding', metadata, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.metadata.namespace }],
    });
  }
}
