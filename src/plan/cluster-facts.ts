import { ClusterObjects, envValue, spiloContainer } from './cluster-grouping';
import { dynamicConfigurationInput } from './dynamic-settings';
import { Manifest } from './manifests';
import { syncIntent, SyncIntent } from './sync-intent';

/** How the members are replaced when their pod template changes. */
export enum RollStrategy {
  /** The rollout Job: replicas first, one switchover, the old primary last. */
  SWITCHOVER_ONCE = 'switchover-once',
  /** The StatefulSet controller, highest ordinal first; the primary hands over in its preStop hook. */
  ROLLING = 'rolling',
  /** Nobody: members keep their template until someone deletes them. */
  ON_DELETE = 'on-delete',
}

/** What the plan needs to know about one cluster in one output, read from its objects. */
export interface ClusterFacts {
  readonly members: number;
  /** `PGVERSION` of the Spilo container. */
  readonly major?: number;
  /** The dynamic configuration Job's `MAJOR_VERSION_UPGRADE` (`manual` or `off`). */
  readonly upgradeMode?: string;
  readonly standby: boolean;
  readonly strategy: RollStrategy;
  /** The pod template, for the roll decision. */
  readonly template: unknown;
  /** Claim template size and rendered member claims (`pgdata-<c>-<i>` -> size). */
  readonly claimTemplateSize?: string;
  readonly claims: Map<string, string>;
  readonly dcs?: { desired: any; keep: string[][] };
  readonly sync: SyncIntent;
  /** Credentials Secret name -> rotation label. */
  readonly rotations: Map<string, { username: string; rotation?: string }>;
  /** The parsed `SPILO_CONFIGURATION`. */
  readonly spiloConfiguration?: any;
  readonly jobs: Manifest[];
}

const num = (v: string | undefined) => (v === undefined || v === '' || isNaN(Number(v)) ? undefined : Number(v));

function jsonOrUndefined(text: unknown): any {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function clusterFacts(c: ClusterObjects): ClusterFacts {
  const sts = c.statefulSet;
  const spilo = spiloContainer(sts);
  const jobs = c.objects.filter(o => o.kind === 'Job');
  const dcsJob = jobs.find(j => j.metadata.name.startsWith(`${c.name}-dcs-`));
  const dcsEnv = dcsJob?.spec?.template?.spec?.containers?.[0];
  const rolloutJob = jobs.some(j => j.metadata.name.startsWith(`${c.name}-roll-`));
  const updateType = sts.spec?.updateStrategy?.type ?? 'RollingUpdate';
  const strategy = updateType === 'OnDelete' ? (rolloutJob ? RollStrategy.SWITCHOVER_ONCE : RollStrategy.ON_DELETE) : RollStrategy.ROLLING;
  const pgdata = (sts.spec?.volumeClaimTemplates ?? []).find((t: any) => t.metadata?.name === 'pgdata');
  const claims = new Map<string, string>();
  for (const o of c.objects) {
    if (o.kind === 'PersistentVolumeClaim' && o.metadata.name.startsWith(`pgdata-${c.name}-`)) claims.set(o.metadata.name, String(o.spec?.resources?.requests?.storage));
  }
  const credsJob = jobs.find(j => j.metadata.name.startsWith(`${c.name}-creds-`));
  const secrets = jsonOrUndefined(envValue(credsJob?.spec?.template?.spec?.containers?.[0], 'CREDENTIALS_SECRETS')) ?? [];
  const rotations = new Map<string, { username: string; rotation?: string }>();
  for (const s of secrets) rotations.set(`${s.namespace ?? ''}/${s.name}`, { username: s.username, rotation: s.rotation });
  const syncConfigMap = c.objects.find(o => o.kind === 'ConfigMap' && typeof o.data?.['sync.sql'] === 'string');
  const spiloConfigMap = c.objects.find(o => o.kind === 'ConfigMap' && typeof o.data?.SPILO_CONFIGURATION === 'string');
  return {
    members: Number(sts.spec?.replicas ?? 1),
    major: num(envValue(spilo, 'PGVERSION')),
    upgradeMode: envValue(dcsEnv, 'MAJOR_VERSION_UPGRADE'),
    standby: (spilo?.env ?? []).some((e: any) => /^STANDBY_/.test(e.name)),
    strategy,
    template: sts.spec?.template,
    claimTemplateSize: pgdata?.spec?.resources?.requests?.storage,
    claims,
    dcs: dynamicConfigurationInput(c.objects),
    sync: syncIntent(syncConfigMap?.data?.['sync.sql']),
    rotations,
    spiloConfiguration: jsonOrUndefined(spiloConfigMap?.data?.SPILO_CONFIGURATION),
    jobs,
  };
}

/** What a Job of the library does, from its name. */
export function jobPurpose(cluster: string, job: Manifest): string {
  const name = job.metadata.name;
  if (name.startsWith(`${cluster}-creds-`)) return 'credentials: creates missing Secrets, rotates passwords given a new label';
  if (name.startsWith(`${cluster}-sync-`)) return 'sync: creates roles, databases, schemas, extensions and privileges (idempotent SQL)';
  if (name.startsWith(`${cluster}-roll-`)) return 'rollout: replaces members on an old pod template, replicas first, one switchover';
  if (name.startsWith(`${cluster}-dcs-`)) return 'dynamic configuration: PATCH /config, restarts where needed, in-place major upgrade';
  return 'a Job of the cluster';
}

/** The Job's Argo CD sync wave. */
export function jobWave(job: Manifest): number | undefined {
  const w = job.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
  return w === undefined || isNaN(Number(w)) ? undefined : Number(w);
}
