import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/**
 * The `pgdata` volume: one PersistentVolumeClaim per member from the StatefulSet's
 * volumeClaimTemplate (or rendered explicitly once grown), mounted at `/home/postgres/pgdata`.
 */
export interface PostgresVolume {
  /**
   * Requested storage of every member's claim.
   *
   * To grow the volumes of a running cluster, raise `size` and set `claimTemplateSize` to the size the cluster was
   * created with: each member's claim `pgdata-<c>-<i>` is then rendered with the new size (the StatefulSet adopts
   * claims by name, the storage class must allow expansion), while the StatefulSet's claim template, which
   * Kubernetes never lets change, stays as it was. Raising `size` alone changes the template, and the API server
   * rejects the StatefulSet. A claim never shrinks: below `claimTemplateSize` is refused here, below a claim's
   * current size by the API server.
   * @default - the fleet's `volumeSize`, Size.gibibytes(10)
   */
  readonly size?: Size;

  /**
   * The size in the StatefulSet's claim template: the size the cluster was created with. Set it when you grow
   * `size` on a running cluster (see `size`), and keep it afterwards.
   * @default - `size`: the claim template has the requested size, and no claim is rendered
   */
  readonly claimTemplateSize?: Size;

  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass (field omitted)
   */
  readonly storageClass?: string;

  /**
   * Label selector for binding pre-provisioned PersistentVolumes.
   * @default - no selector
   */
  readonly selector?: k8s.LabelSelector;

  /**
   * Sub-path of the volume to mount as pgdata (postgres container and sidecars).
   * @default - the volume root
   */
  readonly subPath?: string;

  /**
   * Treat `subPath` as a `subPathExpr` (may reference env vars such as `$(POD_NAME)`).
   * @default false
   */
  readonly subPathIsExpression?: boolean;
}
