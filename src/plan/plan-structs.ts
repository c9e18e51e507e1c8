/** What happens to a cluster or an object between the two outputs. */
export enum ChangeKind {
  /** Only in the new output. */
  CREATED = 'created',
  /** Only in the old output. */
  REMOVED = 'removed',
  /** In both, different. */
  CHANGED = 'changed',
  /** In both, the same. */
  UNCHANGED = 'unchanged',
}

/** A change Kubernetes or the cluster cannot apply, with where it is and what to do instead. */
export interface PlanBlocker {
  /** The cluster it belongs to (`namespace/name`). @default - an object outside any cluster */
  readonly cluster?: string;
  /** The object (`Kind namespace/name`). */
  readonly object: string;
  /** The field path in that object. */
  readonly field: string;
  /** What goes wrong when it is applied. */
  readonly problem: string;
  /** What to do instead. */
  readonly remedy: string;
}

/** One field of an object that differs. */
export interface FieldChange {
  /** Its path (`spec.template.spec.containers[postgres].image`). */
  readonly path: string;
  /** The old value, shortened. @default - absent before */
  readonly before?: string;
  /** The new value, shortened. @default - absent after */
  readonly after?: string;
}

/** An object created, removed or changed. */
export interface ObjectChange {
  /** `apiVersion` of the object. */
  readonly apiVersion: string;
  /** `kind` of the object. */
  readonly kind: string;
  /** Its namespace. @default - cluster-scoped or the namespace of the apply */
  readonly namespace?: string;
  /** Its name. */
  readonly name: string;
  /** Created, removed or changed. */
  readonly change: ChangeKind;
  /** The fields that differ (changed objects only). */
  readonly fields: FieldChange[];
}

/** A setting of Patroni's dynamic configuration (parameters included) that the dynamic configuration Job changes. */
export interface SettingChange {
  /** The setting: a PostgreSQL parameter's name, or a Patroni key path (`ttl`, `postgresql.use_slots`). */
  readonly name: string;
  /** The old value. @default - not set before */
  readonly before?: string;
  /** The new value. @default - removed from git: back to the default */
  readonly after?: string;
  /** Whether PostgreSQL must restart to use it (the Job restarts the members). */
  readonly needsRestart: boolean;
}

/** A Job that runs once when the new output is applied (its name is new). */
export interface PlannedJob {
  /** The Job's name. */
  readonly name: string;
  /** What it does. */
  readonly purpose: string;
  /** Its Argo CD sync wave. @default - no wave */
  readonly wave?: number;
}

/** What applying the new output does to one database cluster. */
export interface ClusterChange {
  /** The cluster's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Created, removed, changed or unchanged. */
  readonly change: ChangeKind;
  /** Members before. @default - the cluster is new */
  readonly membersBefore?: number;
  /** Members after. @default - the cluster is removed */
  readonly membersAfter?: number;
  /** PostgreSQL major before. @default - the cluster is new */
  readonly versionBefore?: string;
  /** PostgreSQL major after. @default - the cluster is removed */
  readonly versionAfter?: string;
  /** Whether the members' pods are replaced. */
  readonly podsRoll: boolean;
  /** The pod-template fields that make them roll. */
  readonly rollReasons: FieldChange[];
  /** Pods replaced. */
  readonly podsReplaced: number;
  /** PostgreSQL restarts inside running members (by the dynamic configuration Job). */
  readonly restarts: number;
  /** Switchovers (the primary moves to another member). */
  readonly switchovers: number;
  /** What happens, in the order it happens. */
  readonly steps: string[];
  /** Dynamic configuration the Job sends. */
  readonly settings: SettingChange[];
  /** Jobs that run once. */
  readonly jobs: PlannedJob[];
  /** Roles (users) the sync Job creates. */
  readonly usersAdded: string[];
  /** Roles no longer in git (never dropped). */
  readonly usersRemoved: string[];
  /** Databases the sync Job creates. */
  readonly databasesAdded: string[];
  /** Databases no longer in git (never dropped). */
  readonly databasesRemoved: string[];
  /** Schemas, extensions, memberships and privileges the sync Job adds (removed ones are kept in the database). */
  readonly grantsAdded: string[];
  /** The same, no longer in git (nothing is revoked or dropped). */
  readonly grantsRemoved: string[];
  /** Roles whose password the credentials Job rotates. */
  readonly credentialsRotated: string[];
  /** Member claims that grow (`pgdata-<c>-<i>: 10Gi -> 20Gi`). */
  readonly volumeChanges: string[];
  /** Everything else a reviewer should know (what stays after a removal, what to do by hand). */
  readonly notes: string[];
  /** Changes that cannot be applied. */
  readonly blockers: PlanBlocker[];
  /** The cluster's objects that differ. */
  readonly objects: ObjectChange[];
}
