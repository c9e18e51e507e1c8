import { ExternalReference } from '../private/external';
import { Credentials, DatabaseUserSecret } from '../users/credentials';
import { DatabaseModel } from '../users/model-types';

/** The cluster's roles and databases, and where each LOGIN role's credentials come from. */
export interface ResolvedUsers {
  /** What the sync applies. */
  readonly model: DatabaseModel;
  /** Credentials Secret of every LOGIN role, by role name (system users first). */
  readonly secrets: ReadonlyMap<string, DatabaseUserSecret>;
  /** Secrets the credentials Job creates in-cluster. */
  readonly generated: GeneratedSecretSpec[];
  /** Secrets External Secrets creates. */
  readonly external: ResolvedExternalSecret[];
  /** The sync Job's password env vars, by role. */
  readonly passwordEnv: ReadonlyMap<string, SyncPasswordEnv>;
  /** Secrets the cluster reads but does not emit. */
  readonly externals: ExternalReference[];
  /** Rotation labels by role (`passwordRotation`), validated; empty without rotation. */
  readonly rotation: Readonly<Record<string, string>>;
}

/** A credentials Secret External Secrets should create, as the users declare it. */
export interface ExternalSecretSpec {
  readonly namespace: string;
  /** What `{namespace}` of a key template stands for (the cluster's namespace, also for a cross-namespace copy). */
  readonly keyNamespace: string;
  readonly name: string;
  readonly username: string;
  readonly credentials: Credentials;
  /** The prop the credentials came from, for messages (`credentials` or `userCredentials['<role>']`). */
  readonly prop: string;
}

/** One ExternalSecret: from the cluster's Password generator, or from a store entry. */
export interface ResolvedExternalSecret {
  readonly namespace: string;
  readonly name: string;
  readonly username: string;
  /** The store entry; none for the generator. */
  readonly store?: {
    readonly name: string;
    readonly kind: string;
    readonly key: string;
    readonly property: string;
    readonly refreshSeconds: number;
  };
}

/** A credentials Secret the credentials Job creates in-cluster. */
/** One Secret the credentials Job makes sure exists. */
export interface GeneratedSecretSpec {
  /** undefined: the cluster's (and the Job's) namespace. */
  readonly namespace?: string;
  readonly name: string;
  readonly username: string;
  /** Other namespaces that must hold the same credentials (undefined: the Job's namespace). */
  readonly copies?: Array<string | undefined>;
  /** The role's rotation label (`passwordRotation`): a new one replaces the password once. */
  readonly rotation?: string;
}

/** A password env var of the sync Job, read from a credentials Secret. */
export interface SyncPasswordEnv {
  readonly env: string;
  readonly secretName: string;
  readonly key: string;
  /** The rotation label the credentials Job writes into the Secret's `rotation` key: the sync waits for it. */
  readonly rotation?: string;
}
