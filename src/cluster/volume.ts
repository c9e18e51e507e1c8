import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/**
 * The `pgdata` volume: one PersistentVolumeClaim per member from the StatefulSet's
 * volumeClaimTemplate, mounted at `/home/postgres/pgdata`.
 */
export interface PostgresVolume {
  /**
   * Requested storage. A StatefulSet cannot change it later; growing a volume needs a PVC patch.
   * @default Size.gibibytes(10)
   */
  readonly size?: Size;

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
