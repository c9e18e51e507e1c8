import { BackupStorage } from './backup-storage';

/** Streaming from a primary. */
export interface StandbyPrimaryOptions {
  /** Host of the primary to stream from (`STANDBY_HOST`). */
  readonly host: string;
  /**
   * Port of the primary (`STANDBY_PORT`).
   * @default 5432 (Patroni's default)
   */
  readonly port?: number;
  /**
   * Replication slot on the primary (`STANDBY_PRIMARY_SLOT_NAME`).
   * @default - no slot
   */
  readonly primarySlotName?: string;
}

/** Replaying another cluster's WAL archive, optionally streaming from its primary too. */
export interface StandbyFromWalArchiveOptions {
  /**
   * Name of the source cluster, used in the generated WAL path. Required unless `walPath` is given.
   * @default - none
   */
  readonly cluster?: string;
  /**
   * The source's `clusterUid` (or the UID of its operator `postgresql` resource), the `/<uid>` path suffix.
   * @default - no suffix
   */
  readonly uid?: string;
  /**
   * Where the source archives.
   * @default - the storage of this cluster's (or the fleet's) `backup`
   */
  readonly storage?: BackupStorage;
  /**
   * Full WAL prefix (the operator's `s3_wal_path` / `gs_wal_path`): `s3://…`
   * (`STANDBY_WALE_S3_PREFIX`), `gs://…` (`STANDBY_WALE_GS_PREFIX`) or `azure://…` (`STANDBY_WALG_AZ_PREFIX`).
   * @default - `<scheme>://<bucket>/spilo/<cluster><suffix>/wal/<PGVERSION of this cluster>`
   */
  readonly walPath?: string;
  /**
   * Also stream from the source's primary (the operator's `standby_host` with a WAL path).
   * @default - archive only
   */
  readonly primary?: StandbyPrimaryOptions;
}

/**
 * Run the cluster as a standby of another one (the operator's `standby` section): Patroni's
 * `standby_cluster` in `bootstrap.dcs`, applied at the first start only.
 *
 * Promotion is a runtime step: `patronictl edit-config --set standby_cluster=null` (or
 * `PATCH /config {"standby_cluster": null}` on Patroni's API), then remove the prop from git.
 */
export class StandbySource {
  /** Replay the source's WAL archive (`STANDBY_WALE_*_PREFIX`, `STANDBY_METHOD=STANDBY_WITH_WALE`). */
  public static fromWalArchive(options: StandbyFromWalArchiveOptions): StandbySource {
    return new StandbySource('wal', { ...options });
  }

  /** Stream from a primary (`STANDBY_HOST`, `STANDBY_PORT`, `STANDBY_PRIMARY_SLOT_NAME`). */
  public static fromPrimary(options: StandbyPrimaryOptions): StandbySource {
    return new StandbySource('primary', { primary: { ...options } });
  }

  /** @internal */
  public readonly _method: 'wal' | 'primary';
  /** @internal */
  public readonly _options: Record<string, any>;

  private constructor(method: 'wal' | 'primary', options: Record<string, any>) {
    this._method = method;
    this._options = options;
  }
}
