import { ChangeKind, ClusterChange, FieldChange, ObjectChange, PlanBlocker } from './plan-structs';

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What the renderers read of a report. */
export interface ReportView {
  readonly clusters: ClusterChange[];
  readonly objects: ObjectChange[];
  readonly blockers: PlanBlocker[];
  readonly notes: string[];
}

/** Why a pod-template field matters, for the fields the library sets for a reason. */
const FIELD_HINTS: Array<[RegExp, string]> = [
  [/cdk8s-postgres\/local-configuration/, 'the local Spilo configuration: a local parameter, pg_hba, or another setting read at start'],
  [/env\[PGVERSION\]/, 'the PostgreSQL major'],
  [/cdk8s-postgres\/password-rotation/, 'a rotated password the pods read at start'],
  [/\.image$/, 'the image'],
  [/volumes\[postgres-hooks\]/, 'the preStop hook (a new library version)'],
  [/\.resources\./, 'resources'],
];

function fieldLine(f: FieldChange): string {
  const hint = FIELD_HINTS.find(([re]) => re.test(f.path))?.[1];
  return `${f.path}: ${f.before ?? '(none)'} -> ${f.after ?? '(none)'}${hint ? ` (${hint})` : ''}`;
}

const MARK: Record<ChangeKind, string> = { created: '+', removed: '-', changed: '~', unchanged: '=' };
const objectName = (o: ObjectChange) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

function headline(r: ReportView): string {
  const n = (k: ChangeKind) => r.clusters.filter(c => c.change === k).length;
  const b = r.blockers.length;
  return `${count(r.clusters.length, 'cluster')}: ${n(ChangeKind.CREATED)} created, ${n(ChangeKind.REMOVED)} removed, ${n(ChangeKind.CHANGED)} changed, `
    + `${n(ChangeKind.UNCHANGED)} unchanged; ${count(r.objects.length, 'other object')} changed; ${b === 0 ? 'no blockers' : `${b} blocker${b === 1 ? '' : 's'}`}`;
}

const figures = (c: ClusterChange) => `${count(c.podsReplaced, 'pod')} replaced, ${count(c.restarts, 'PostgreSQL restart')}, ${count(c.switchovers, 'switchover')}`;

function membersLine(c: ClusterChange): string {
  const m = c.membersBefore === c.membersAfter || c.membersBefore === undefined || c.membersAfter === undefined
    ? count(c.membersAfter ?? c.membersBefore ?? 0, 'member') : `members ${c.membersBefore} -> ${c.membersAfter}`;
  const v = c.versionBefore === c.versionAfter || !c.versionBefore || !c.versionAfter
    ? `PostgreSQL ${c.versionAfter ?? c.versionBefore ?? '?'}` : `PostgreSQL ${c.versionBefore} -> ${c.versionAfter}`;
  return `${m}, ${v}`;
}

/** The sections of one cluster, as (title, lines) pairs; empty sections left out. */
function sections(c: ClusterChange, mark: (k: ChangeKind) => string): Array<[string, string[]]> {
  const setting = (s: ClusterChange['settings'][number]) => `${s.name}: ${s.before ?? '(default)'} -> ${s.after ?? '(default)'}`;
  const out: Array<[string, string[]]> = [
    ['Blockers', c.blockers.map(blockerLine)],
    ['What happens, in order', c.steps],
    ['Why the pods roll', c.podsRoll ? c.rollReasons.map(fieldLine) : []],
    ['Applied live', c.settings.filter(s => !s.needsRestart).map(setting)],
    ['Need a restart', c.settings.filter(s => s.needsRestart).map(setting)],
    ['Jobs that run', c.jobs.map(j => `${j.name}${j.wave !== undefined ? ` (wave ${j.wave})` : ''}: ${j.purpose}`)],
    ['Users and databases', [
      ...c.usersAdded.map(u => `+ role ${u}`), ...c.databasesAdded.map(d => `+ database ${d}`), ...c.grantsAdded.map(g => `+ ${g}`),
      ...c.usersRemoved.map(u => `- role ${u} (kept in the database)`), ...c.databasesRemoved.map(d => `- database ${d} (kept in the database)`),
      ...c.grantsRemoved.map(g => `- ${g} (kept)`),
    ]],
    ['Credentials rotated', c.credentialsRotated],
    ['Volumes', c.volumeChanges],
    ['Notes', c.notes],
    ['Objects', c.objects.map(o => `${mark(o.change)} ${objectName(o)}${o.fields.length ? ` (${o.fields.map(f => f.path).slice(0, 4).join(', ')}${o.fields.length > 4 ? `, +${o.fields.length - 4}` : ''})` : ''}`)],
  ];
  return out.filter(([, lines]) => lines.length > 0);
}

function blockerLine(b: PlanBlocker): string {
  return `${b.object} ${b.field}: ${b.problem}. Remedy: ${b.remedy}`;
}

export function renderText(r: ReportView): string {
  const lines = [`Plan: ${headline(r)}`];
  for (const c of r.clusters) {
    lines.push('', `${MARK[c.change]} cluster ${c.namespace}/${c.name}: ${c.change}, ${membersLine(c)}`);
    if (c.change === ChangeKind.UNCHANGED) continue;
    if (c.change === ChangeKind.CHANGED) lines.push(`  ${figures(c)}`);
    for (const [title, items] of sections(c, k => MARK[k])) {
      const bullet = (i: number) => (title === 'What happens, in order' ? `${i + 1}. ` : title === 'Objects' ? '' : '- ');
      lines.push(`  ${title}:`, ...items.map((l, i) => `    ${bullet(i)}${l}`));
    }
  }
  if (r.notes.length) lines.push('', 'Notes:', ...r.notes.map(n => `  - ${n}`));
  if (r.objects.length) {
    lines.push('', 'Other objects:');
    for (const o of r.objects) {
      lines.push(`  ${MARK[o.change]} ${objectName(o)}`, ...o.fields.map(f => `      ${fieldLine(f)}`));
    }
  }
  const other = r.blockers.filter(b => !b.cluster);
  if (other.length) lines.push('', 'Blockers outside the clusters:', ...other.map(b => `  - ${blockerLine(b)}`));
  return lines.join('\n') + '\n';
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: ReportView): string {
  const lines = ['## cdk8s-postgres plan', '', `${r.blockers.length ? ':x:' : ':white_check_mark:'} ${headline(r)}`, ''];
  if (r.blockers.length) {
    lines.push('### Blockers', '', '| Object | Field | Problem | Remedy |', '|---|---|---|---|');
    for (const b of r.blockers) lines.push(`| ${md(b.object)} | \`${md(b.field)}\` | ${md(b.problem)} | ${md(b.remedy)} |`);
    lines.push('');
  }
  lines.push('| Cluster | Change | Members | Pods replaced | Restarts | Switchovers | Jobs | Blockers |', '|---|---|---|---|---|---|---|---|');
  for (const c of r.clusters) {
    lines.push(`| ${c.namespace}/${c.name} | ${c.change} | ${md(membersLine(c))} | ${c.podsReplaced} | ${c.restarts} | ${c.switchovers} | ${c.jobs.length} | ${c.blockers.length} |`);
  }
  for (const c of r.clusters.filter(x => x.change !== ChangeKind.UNCHANGED)) {
    lines.push('', `### ${c.namespace}/${c.name} (${c.change})`, '');
    for (const [title, items] of sections(c, k => `*${k}*`)) {
      if (title === 'Blockers') continue;
      const ordered = title === 'What happens, in order';
      const body = items.map((l, i) => `${ordered ? `${i + 1}.` : '-'} ${l}`);
      lines.push(...(title === 'Objects' ? ['<details><summary>Objects</summary>', '', ...body, '', '</details>'] : [`**${title}**`, '', ...body]), '');
    }
  }
  if (r.notes.length) lines.push('', '### Notes', '', ...r.notes.map(n => `- ${n}`));
  if (r.objects.length) {
    lines.push('', '### Other objects', '');
    for (const o of r.objects) lines.push(`- *${o.change}* ${objectName(o)}`, ...o.fields.map(f => `  - \`${md(fieldLine(f))}\``));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
