import { Duration } from 'cdk8s';

/** Kind of store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A namespaced `SecretStore`. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** Options of `Credentials.fromExternalSecretsStore`. */
export interface ExternalSecretsStoreOptions {
  /** Name of the (Cluster)SecretStore. */
  readonly storeName: string;
  /**
   * Kind of the store.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /**
   * Remote key of each user's entry; `{cluster}`, `{namespace}` (the cluster's namespace) and `{username}` are
   * substituted. Must contain `{username}` when several users share it, or they would share one password.
   * @default '{cluster}/{username}'
   */
  readonly keyTemplate?: string;
  /**
   * Property of the remote entry that holds the password.
   * @default 'password'
   */
  readonly passwordProperty?: string;
  /**
   * How often External Secrets re-reads the store.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** Options of `Credentials.fromSecret`. */
export interface ExistingSecretOptions {
  /**
   * Key holding the user name.
   * @default 'username'
   */
  readonly usernameKey?: string;
  /**
   * Key holding the password.
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/** Where a database user's credentials Secret comes from. No password is ever synthesized. */
export enum CredentialsSource {
  /** Created in-cluster by the credentials Job, never overwritten. */
  GENERATED = 'generated',
  /** An ExternalSecret with an External Secrets `Password` generator. */
  EXTERNAL_SECRETS_GENERATOR = 'external-secrets-generator',
  /** An ExternalSecret reading a path in a secret store. */
  EXTERNAL_SECRETS_STORE = 'external-secrets-store',
  /** A Secret the user already has. */
  EXISTING_SECRET = 'existing-secret',
}

/**
 * How the credentials Secrets of a cluster (or of one user) are provided. Every variant yields a
 * Secret with a user name and a password key; by default the operator's name
 * `<user>.<cluster>.credentials.postgresql.acid.zalan.do` with keys `username` and `password`.
 */
export class Credentials {
  /** Created in-cluster by a Job with its own least-privilege ServiceAccount (the default). */
  public static generated(): Credentials {
    return new Credentials(CredentialsSource.GENERATED);
  }

  /**
   * `ExternalSecret` objects backed by an External Secrets `Password` generator (64 alphanumerics,
   * generated once: refresh interval 0).
   */
  public static fromExternalSecretsGenerator(): Credentials {
    return new Credentials(CredentialsSource.EXTERNAL_SECRETS_GENERATOR);
  }

  /** `ExternalSecret` objects reading each password from a secret store. */
  public static fromExternalSecretsStore(options: ExternalSecretsStoreOptions): Credentials {
    return new Credentials(CredentialsSource.EXTERNAL_SECRETS_STORE, options);
  }

  /** A Secret that already exists in the user's namespace (only for a single user). */
  public static fromSecret(secretName: string, options: ExistingSecretOptions = {}): Credentials {
    return new Credentials(CredentialsSource.EXISTING_SECRET, undefined, secretName, options);
  }

  /** Where the Secret comes from. */
  public readonly source: CredentialsSource;
  /** Store options (`EXTERNAL_SECRETS_STORE` only). */
  public readonly storeOptions?: ExternalSecretsStoreOptions;
  /** Name of the existing Secret (`EXISTING_SECRET` only). */
  public readonly existingSecretName?: string;
  /** Keys of the existing Secret (`EXISTING_SECRET` only). */
  public readonly existingSecretOptions?: ExistingSecretOptions;

  private constructor(source: CredentialsSource, store?: ExternalSecretsStoreOptions, secretName?: string, keys?: ExistingSecretOptions) {
    this.source = source;
    this.storeOptions = store;
    this.existingSecretName = secretName;
    this.existingSecretOptions = keys;
  }
}

/** A database user's credentials Secret, for wiring applications to the database. */
export interface DatabaseUserSecret {
  /** The role name in PostgreSQL. */
  readonly username: string;
  /** Name of the Secret. */
  readonly secretName: string;
  /**
   * Namespace of the Secret.
   * @default - the cluster's namespace
   */
  readonly namespace?: string;
  /** Key of the user name in the Secret. */
  readonly usernameKey: string;
  /** Key of the password in the Secret. */
  readonly passwordKey: string;
  /** Where the Secret comes from. */
  readonly source: CredentialsSource;
}
