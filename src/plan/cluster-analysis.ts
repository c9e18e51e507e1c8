import { clusterFacts, ClusterFacts, jobPurpose, jobWave, RollStrategy } from './cluster-facts';
import { ClusterObjects } from './cluster-grouping';
import { settingsPlan } from './dynamic-settings';
import { immutableFieldBlockers } from './immutable-fields';
import { objectLabel } from './manifests';
import { fieldChanges, objectChanges, pairObjects } from './object-changes';
import { ChangeKind, ClusterChange, PlanBlocker, PlannedJob } from './plan-structs';
import { quantityBytes } from './quantity-bytes';
import { removalNotes } from './removal-notes';
import { missingFrom } from './sync-intent';

/** Accumulates one cluster's plan: steps keyed by Argo CD wave, so they come out in apply order. */
class Draft {
  readonly steps: Array<{ wave: number; text: string }> = [];
  readonly notes: string[] = [];
  readonly blockers: PlanBlocker[] = [];
  podsReplaced = 0;
  restarts = 0;
  switchovers = 0;
  constructor(readonly key: string) {}
  step(wave: number, text: string) { this.steps.push({ wave, text }); }
  block(object: string, field: string, problem: string, remedy: string) { this.blockers.push({ cluster: this.key, object, field, problem, remedy }); }
  orderedSteps() { return [...this.steps].sort((a, b) => a.wave - b.wave).map(s => s.text); }
  mentions(job: string) { return this.steps.some(s => s.text.includes(`${job} Job`)); }
}

/** What a Job of each kind does when it runs with nothing else to do (its name changed, its input did not). */
const IDLE_RUNS: Array<[RegExp, number, string, string, string]> = [
  [/-creds-/, -1, 'credentials', 'the credentials Job runs: it creates the Secrets that are missing and keeps existing passwords',
    'the credentials Job creates the cluster\'s Secrets (random passwords, in the cluster)'],
  [/-sync-/, 1, 'sync', 'the sync Job runs its SQL again (idempotent: nothing new to create)', 'the sync Job runs its SQL'],
  [/-roll-/, 1, 'rollout', 'the rollout Job runs: every member already runs the current pod template, it replaces nothing',
    'the rollout Job finds every member on the current template and replaces nothing'],
  [/-dcs-/, 2, 'dynamic configuration',
    'the dynamic configuration Job runs: git\'s configuration is unchanged, it sends nothing and restarts nothing (keys git owns that someone changed by hand are put back)',
    'the dynamic configuration Job checks, once the members run, that Patroni\'s configuration is git\'s'],
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Jobs of `after` whose names `before` does not have: they run once on apply. */
function newJobs(c: ClusterObjects, before?: ClusterFacts, after?: ClusterFacts): PlannedJob[] {
  const old = new Set((before?.jobs ?? []).map(j => j.metadata.name));
  return (after?.jobs ?? []).filter(j => !old.has(j.metadata.name)).map(j => {
    const wave = jobWave(j);
    return { name: j.metadata.name, purpose: jobPurpose(c.name, j), ...(wave !== undefined ? { wave } : {}) };
  }).sort((a, b) => (a.wave ?? 0) - (b.wave ?? 0) || a.name.localeCompare(b.name));
}

/** What applying `after` over `before` does to one cluster (either may be missing: created or removed). */
export function analyseCluster(before: ClusterObjects | undefined, after: ClusterObjects | undefined): ClusterChange {
  const c = (after ?? before)!;
  const draft = new Draft(`${c.namespace}/${c.name}`);
  const fb = before && clusterFacts(before);
  const fa = after && clusterFacts(after);
  const pairs = pairObjects(before?.objects ?? [], after?.objects ?? []);
  const objects = objectChanges(pairs);
  const jobs = newJobs(c, fb, fa);
  for (const p of pairs) if (p.before && p.after) draft.blockers.push(...immutableFieldBlockers(p.before, p.after, draft.key));

  const usersAdded = missingFrom(fa?.sync.roles ?? new Set(), fb?.sync.roles ?? new Set());
  const usersRemoved = missingFrom(fb?.sync.roles ?? new Set(), fa?.sync.roles ?? new Set());
  const databasesAdded = missingFrom(fa?.sync.databases ?? new Set(), fb?.sync.databases ?? new Set());
  const databasesRemoved = missingFrom(fb?.sync.databases ?? new Set(), fa?.sync.databases ?? new Set());
  const grantsAdded = missingFrom(fa?.sync.grants ?? new Set(), fb?.sync.grants ?? new Set());
  const grantsRemoved = missingFrom(fb?.sync.grants ?? new Set(), fa?.sync.grants ?? new Set());
  let change = !before ? ChangeKind.CREATED : !after ? ChangeKind.REMOVED : objects.length ? ChangeKind.CHANGED : ChangeKind.UNCHANGED;
  const rollReasons = fb && fa ? fieldChanges(fb.template, fa.template, 'spec.template') : [];
  const credentialsRotated: string[] = [];
  const volumeChanges: string[] = [];
  const settings = fb?.dcs && fa?.dcs ? settingsPlan(fb.dcs.desired, fa.dcs.desired, fa.dcs.keep, fa.major) : undefined;

  if (!fb && fa) {
    draft.step(0, `a new cluster starts: ${plural(fa.members, 'member')}, PostgreSQL ${fa.major ?? '?'}, claims of ${fa.claimTemplateSize ?? '?'} each`);
    if (fa.standby) draft.notes.push('a standby: it bootstraps from its source and follows it');
  } else if (fb && !fa) {
    draft.step(0, `the cluster stops: the StatefulSet and its ${plural(fb.members, 'pod')} are deleted`);
    draft.notes.push(...removalNotes(c, fb));
  } else if (fb && fa) {
    planMembers(draft, c, fb, fa);
    planVolume(draft, c, fb, fa, volumeChanges);
    planVersion(draft, c, fb, fa);
    planRoll(draft, c, fb, fa, rollReasons.length > 0);
    if (settings) planSettings(draft, fa, settings);
    planRotation(draft, fb, fa, credentialsRotated);
    planBootstrapOnly(draft, fb, fa, rollReasons.length > 0);
  }
  if (after && before) planDeployments(draft, pairs);
  if (draft.blockers.some(b => b.object === objectLabel(c.statefulSet) && b.field.startsWith('spec.') && !b.field.startsWith('spec.template'))) {
    draft.notes.push('the API server refuses the StatefulSet update as a whole: until the blocker is resolved nothing of it applies (no roll, no scaling); the steps above are what happens once it does');
  }
  if (usersAdded.length || databasesAdded.length || grantsAdded.length) {
    const what = [usersAdded.length && `roles ${usersAdded.join(', ')}`, databasesAdded.length && `databases ${databasesAdded.join(', ')}`,
      grantsAdded.length && plural(grantsAdded.length, 'schema, extension or privilege statement')].filter(Boolean).join('; ');
    draft.step(1, `the sync Job creates ${what}`);
  }
  if (after && (usersRemoved.length || databasesRemoved.length || grantsRemoved.length)) {
    draft.notes.push(`no longer in git, kept in the database (nothing is dropped or revoked): ${[
      ...usersRemoved.map(r => `role ${r}`), ...databasesRemoved.map(d => `database ${d}`), ...grantsRemoved,
    ].join('; ')}; drop them by hand when no longer used`);
  }
  for (const [pattern, wave, kind, text, createdText] of IDLE_RUNS) {
    if (jobs.some(j => pattern.test(j.name)) && !draft.mentions(kind)) draft.step(wave, before ? text : createdText);
  }
  if (change === ChangeKind.UNCHANGED && jobs.length) change = ChangeKind.CHANGED;
  return {
    name: c.name,
    namespace: c.namespace,
    change,
    ...(fb ? { membersBefore: fb.members, ...(fb.major !== undefined ? { versionBefore: String(fb.major) } : {}) } : {}),
    ...(fa ? { membersAfter: fa.members, ...(fa.major !== undefined ? { versionAfter: String(fa.major) } : {}) } : {}),
    podsRoll: draft.podsReplaced > 0,
    rollReasons,
    podsReplaced: draft.podsReplaced,
    restarts: draft.restarts,
    switchovers: draft.switchovers,
    steps: draft.orderedSteps(),
    settings: settings?.settings ?? [],
    jobs,
    usersAdded,
    usersRemoved,
    databasesAdded,
    databasesRemoved,
    grantsAdded,
    grantsRemoved,
    credentialsRotated,
    volumeChanges,
    notes: draft.notes,
    blockers: draft.blockers,
    objects,
  };
}

function planMembers(draft: Draft, c: ClusterObjects, fb: ClusterFacts, fa: ClusterFacts) {
  if (fa.members > fb.members) {
    const added = Array.from({ length: fa.members - fb.members }, (_, i) => `${c.name}-${fb.members + i}`);
    draft.step(0, `scale ${fb.members} -> ${fa.members}: ${added.join(', ')} ${added.length === 1 ? 'starts and joins as a replica' : 'start and join as replicas'} (base backup from the leader)`);
  } else if (fa.members < fb.members) {
    const gone = Array.from({ length: fb.members - fa.members }, (_, i) => `${c.name}-${fa.members + i}`);
    draft.step(0, `scale ${fb.members} -> ${fa.members}: ${gone.join(', ')} ${gone.length === 1 ? 'stops' : 'stop'} (a primary among them hands over first); claims kept: ${gone.map(p => `pgdata-${p}`).join(', ')}`);
    if (fa.members === 0) draft.notes.push('0 members: the database is down until `instances` is raised again; its claims keep the data');
  }
}

function planVolume(draft: Draft, c: ClusterObjects, fb: ClusterFacts, fa: ClusterFacts, out: string[]) {
  for (const [claim, size] of fa.claims) {
    const old = fb.claims.get(claim) ?? fb.claimTemplateSize;
    const [b, a] = [quantityBytes(old), quantityBytes(size)];
    if (b !== undefined && a !== undefined && a > b) out.push(`${claim}: ${old} -> ${size}`);
  }
  if (out.length) draft.step(0, `claims grow in place (the storage class must allow expansion; no pod restarts): ${out.join(', ')}`);
  for (const claim of fb.claims.keys()) {
    if (!fa.claims.has(claim)) draft.notes.push(`claim ${claim} is no longer in git: it stays as it is (never pruned), with its size`);
  }
  void c;
}

function planVersion(draft: Draft, c: ClusterObjects, fb: ClusterFacts, fa: ClusterFacts) {
  if (fb.major === undefined || fa.major === undefined || fb.major === fa.major) return;
  const sts = objectLabel(c.statefulSet);
  const field = 'spec.template.spec.containers[postgres].env[PGVERSION].value';
  const refused = `the dynamic configuration Job fails at once (no retries) naming both majors; the cluster keeps running PostgreSQL ${fb.major}`;
  if (fa.major < fb.major) {
    draft.step(2, refused);
    draft.block(sts, field, `PostgreSQL cannot go down a major (${fb.major} -> ${fa.major}): the members keep running ${fb.major} and the dynamic configuration Job refuses`,
      `revert \`version\` to ${fb.major}; to run ${fa.major}, restore a logical backup into a new cluster`);
  } else if (fa.standby) {
    draft.step(2, refused);
    draft.block(sts, field, `a standby follows its source's major: the dynamic configuration Job refuses ${fb.major} -> ${fa.major}`,
      'upgrade the source cluster, then re-create the standby at the new major');
  } else if (fa.upgradeMode === 'off') {
    draft.step(2, refused);
    draft.block(sts, field, `majorVersionUpgrade.mode is off: the members roll onto PGVERSION ${fa.major}, keep running ${fb.major}, and the dynamic configuration Job fails`,
      'set `majorVersionUpgrade.mode` to MANUAL (upgrade in place), or revert `version`');
  } else {
    draft.step(2, `the dynamic configuration Job upgrades PostgreSQL ${fb.major} -> ${fa.major} in place: checks the cluster, runs Spilo's upgrade script on the primary (pg_upgrade; writes stop while it runs), the replicas are rebuilt from the upgraded primary`);
  }
}

function planRoll(draft: Draft, c: ClusterObjects, fb: ClusterFacts, fa: ClusterFacts, templateChanged: boolean) {
  if (!templateChanged) return;
  const replaced = Math.min(fb.members, fa.members);
  if (replaced === 0) return;
  if (fa.strategy === RollStrategy.ON_DELETE) {
    draft.notes.push(`the pod template changed but the StatefulSet uses OnDelete without the rollout Job: the members keep the old template until you delete them (${c.name}-0..${replaced - 1})`);
    return;
  }
  draft.podsReplaced += replaced;
  if (fa.members === 1) {
    draft.step(fa.strategy === RollStrategy.SWITCHOVER_ONCE ? 1 : 0, `the only member ${c.name}-0 is replaced: the database is unavailable until it is ready again (no replica to switch over to)`);
    return;
  }
  // With two members or more after the change, the primary hands over once to a member on the new template.
  draft.switchovers += 1;
  const replicas = replaced - 1;
  if (fa.strategy === RollStrategy.SWITCHOVER_ONCE) {
    const first = replicas === 0 ? 'waits for a member on the new template' : `replaces ${replicas === 1 ? 'the replica' : `the ${replicas} replicas one at a time (highest ordinal first, each ready before the next)`}`;
    draft.step(1, `the rollout Job ${first}, switches over once to an updated replica, then replaces the old primary: ${plural(replaced, 'pod')} replaced, 1 switchover`);
  } else {
    draft.step(0, `the StatefulSet replaces the members highest ordinal first, each ready before the next; the primary hands over to a replica in its preStop hook: ${plural(replaced, 'pod')} replaced, 1 switchover`);
  }
}

function planSettings(draft: Draft, fa: ClusterFacts, plan: ReturnType<typeof settingsPlan>) {
  const live = plan.settings.filter(s => !s.needsRestart);
  const restart = plan.settings.filter(s => s.needsRestart);
  const show = (xs: typeof live) => xs.map(s => `${s.name} ${s.before ?? '(default)'} -> ${s.after ?? '(default)'}`).join(', ');
  if (live.length) draft.step(2, `the dynamic configuration Job applies live (PATCH /config, no restart): ${show(live)}`);
  if (plan.kept.length) draft.notes.push(`${plan.kept.join(', ')} removed from git: the cluster keeps its running value (computed by Spilo when it was created)`);
  if (!restart.length || fa.members === 0) return;
  draft.restarts += fa.members;
  if (fa.members === 1) {
    draft.step(2, `the dynamic configuration Job sends ${show(restart)} and restarts PostgreSQL on the only member (a short outage, no switchover)`);
  } else if (plan.lowered.length) {
    draft.step(2, `the dynamic configuration Job sends ${show(restart)}; lowered ${plan.lowered.join(', ')}: it restarts the primary first (in place, no switchover), then each replica once it has replayed the new value: ${plural(fa.members, 'restart')}`);
  } else {
    draft.switchovers += 1;
    draft.step(2, `the dynamic configuration Job sends ${show(restart)} and restarts the ${plural(fa.members - 1, 'replica')} first, then switches over once (the old primary restarts as a replica): ${plural(fa.members, 'restart')}, 1 switchover`);
  }
}

function planRotation(draft: Draft, fb: ClusterFacts, fa: ClusterFacts, out: string[]) {
  for (const [secret, s] of fa.rotations) {
    const old = fb.rotations.get(secret);
    if (s.rotation !== undefined && s.rotation !== old?.rotation && !out.includes(s.username)) out.push(s.username);
  }
  if (out.length) {
    draft.step(-1, `the credentials Job writes new passwords for ${out.join(', ')} into their Secrets; the sync Job sets them in PostgreSQL (open sessions stay; applications that read the Secret as env must restart)`);
  }
}

/** Spilo reads `bootstrap` only when the cluster is created: a change there alone does nothing to a running cluster. */
function planBootstrapOnly(draft: Draft, fb: ClusterFacts, fa: ClusterFacts, templateChanged: boolean) {
  // bootstrap.dcs is what the dynamic configuration Job applies to a running cluster: left out here.
  const { dcs: _b, ...b } = fb.spiloConfiguration?.bootstrap ?? {};
  const { dcs: _a, ...a } = fa.spiloConfiguration?.bootstrap ?? {};
  if (JSON.stringify(b) === JSON.stringify(a)) return;
  draft.notes.push(`SPILO_CONFIGURATION \`bootstrap\` changed (initdb, clone, standby archive): read only when a cluster is created, nothing happens to this running cluster${templateChanged ? '' : ' (no pod rolls for it)'}`);
}

/** A Deployment of the cluster (the pooler) whose pod template changed replaces its pods. */
function planDeployments(draft: Draft, pairs: ReturnType<typeof pairObjects>) {
  for (const { before, after } of pairs) {
    if (after?.kind !== 'Deployment' || !before) continue;
    const reasons = fieldChanges(before.spec?.template, after.spec?.template, 'spec.template');
    if (!reasons.length) continue;
    draft.step(0, `Deployment ${after.metadata.name} replaces its pods (rolling update) for ${reasons.map(r => r.path).join(', ')}`);
  }
}
