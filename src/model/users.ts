import { ExternalReference } from '../private/external';
import { DatabaseUserSecret } from '../users/credentials';
import { GeneratedSecretSpec } from '../users/credentials-job';
import { ExternalSecretSpec } from '../users/external-secret-credentials';
import { DatabaseModel } from '../users/model-types';
import { SyncPasswordEnv } from '../users/sync-job';

/** The cluster's roles and databases, and where each LOGIN role's credentials come from. */
export interface ResolvedUsers {
  /** What the sync applies. */
  readonly model: DatabaseModel;
  /** Credentials Secret of every LOGIN role, by role name (system users first). */
  readonly secrets: ReadonlyMap<string, DatabaseUserSecret>;
  /** Secrets the credentials Job creates in-cluster. */
  readonly generated: GeneratedSecretSpec[];
  /** Secrets External Secrets creates. */
  readonly external: ExternalSecretSpec[];
  /** The sync Job's password env vars, by role. */
  readonly passwordEnv: ReadonlyMap<string, SyncPasswordEnv>;
  /** Secrets the cluster reads but does not emit. */
  readonly externals: ExternalReference[];
}
