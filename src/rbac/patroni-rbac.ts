import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { renderPatroniRbac } from '../render/patroni-rbac';

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
    const objects = renderPatroniRbac(this, props.cluster, props.instances, props.metadata);
    this.serviceAccount = objects.serviceAccount;
    this.role = objects.role;
    this.roleBinding = objects.roleBinding;
  }
}
