import { k8s } from 'cdk8s-plus-28';

/**
 * An extra pod volume mounted into chosen containers (`additionalVolumes`).
 */
export interface AdditionalVolume {
  /** The pod volume (its name and source), rendered verbatim. */
  readonly volume: k8s.Volume;
  /** Where to mount it; must not be `/home/postgres/pgdata` or another volume's path. */
  readonly mountPath: string;
  /**
   * Sub-path of the volume to mount.
   * @default - the volume root
   */
  readonly subPath?: string;
  /**
   * Treat `subPath` as a `subPathExpr`.
   * @default false
   */
  readonly subPathIsExpression?: boolean;
  /**
   * Containers to mount it in: names, or `['all']` for every container (init containers excluded); an empty list means
   * `['postgres']`, as in the operator.
   * @default ['postgres']
   */
  readonly targetContainers?: string[];
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}
