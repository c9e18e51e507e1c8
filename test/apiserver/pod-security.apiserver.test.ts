// Pod Security admission, enforced (not only warned): every pod template the examples emit is created as a Pod
// (server-side dry run) in namespaces that enforce `restricted` and `baseline`, and the level it meets is the
// highest one whose namespace admits it. The API server's PodSecurity plugin judges Pods only, so the test
// builds each Pod as its controller would (name, namespace, the StatefulSet's claim volumes).
import { Manifest } from './client';
import { connect, Target } from './target';
import { synth } from './tier';
import { EXAMPLES } from '../../examples/registry';

type Level = 'restricted' | 'baseline' | 'privileged';
const LEVELS: Level[] = ['restricted', 'baseline'];
const NS: Record<string, string> = { restricted: 'psa-enforce-restricted', baseline: 'psa-enforce-baseline' };

let target: Target;

beforeAll(async () => {
  target = await connect();
  for (const level of LEVELS) {
    await target.namespaces.fresh(NS[level]);
    await target.client.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS[level], labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': 'latest' } },
    }, { fieldManager: 'cdk8s-postgres-psa-test' });
  }
}, 15 * 60_000);

afterAll(async () => { await target?.release(); });

interface Workload { readonly key: string; readonly pod: any }

/** The Pod each workload's controller would create, without a namespace yet. */
function workloads(objects: Manifest[]): Workload[] {
  return objects.flatMap(o => {
    const template = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : ['StatefulSet', 'Deployment', 'Job'].includes(o.kind) ? o.spec.template : undefined;
    if (!template) return [];
    const claims = (o.spec.volumeClaimTemplates ?? []).map((c: any) => ({
      name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` },
    }));
    const spec = { ...template.spec, volumes: [...template.spec.volumes ?? [], ...claims] };
    const name = `${o.kind.toLowerCase()}-${o.metadata.name}`.slice(0, 63).replace(/-+$/, '');
    return [{ key: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: template.metadata?.labels }, spec } }];
  });
}

/** Creates the Pod in the level's namespace with dryRun=All: admission runs, nothing is stored. */
async function admitted(w: Workload, level: Level): Promise<{ ok: boolean; message?: string }> {
  const ns = NS[level];
  // The ServiceAccount admission plugin needs the account to exist (`default` too: no controller-manager here to
  // create it); the Pod itself is only a dry run.
  const sa = w.pod.spec.serviceAccountName ?? 'default';
  await target.client.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns } });
  const r = await target.client.request('POST', `/api/v1/namespaces/${ns}/pods?dryRun=All&fieldValidation=Strict`,
    { ...w.pod, metadata: { ...w.pod.metadata, namespace: ns } });
  if (r.status === 201 || r.status === 200) return { ok: true };
  return { ok: false, message: `${r.status} ${r.body?.message}` };
}

async function levelOf(w: Workload): Promise<{ level: Level; refusals: string[] }> {
  const refusals: string[] = [];
  for (const level of LEVELS) {
    const r = await admitted(w, level);
    if (r.ok) return { level, refusals };
    refusals.push(`${level}: ${r.message}`);
  }
  return { level: 'privileged', refusals };
}

const levels = new Map<string, Map<string, Level>>();

describe.each(EXAMPLES)('example $name', example => {
  test('every workload is admitted where Pod Security baseline is enforced; levels recorded', async () => {
    const found = new Map<string, Level>();
    const problems: string[] = [];
    for (const w of workloads(synth(example.build))) {
      const { level, refusals } = await levelOf(w);
      found.set(w.key, level);
      if (level === 'privileged') problems.push(`${w.key}: ${refusals.join('; ')}`);
    }
    levels.set(example.name, found);
    console.log(`${example.name}:\n${[...found].map(([k, l]) => `  ${l.padEnd(10)} ${k}`).join('\n')}`);
    expect(found.size).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('the library\'s own Jobs and the connection pooler meet restricted', () => {
    const found = levels.get(example.name);
    if (!found) throw new Error('the levels were not recorded');
    const own = [...found].filter(([key]) => /^Job |^Deployment .*-pooler(-repl)?$/.test(key));
    expect(own.filter(([, level]) => level !== 'restricted')).toEqual([]);
  });
});

test('production-ha (PodSecurityProfile.RESTRICTED) is admitted where restricted is enforced, every workload', () => {
  const found = levels.get('production-ha');
  if (!found) throw new Error('the levels were not recorded');
  expect([...found.keys()].some(k => k.startsWith('StatefulSet '))).toBe(true);
  expect([...found].filter(([, level]) => level !== 'restricted')).toEqual([]);
});

test('without the profile the Spilo pod is baseline, not restricted (it starts as root): the check can tell them apart', () => {
  const found = levels.get('minimal');
  if (!found) throw new Error('the levels were not recorded');
  const spilo = [...found].filter(([k]) => k.startsWith('StatefulSet '));
  expect(spilo.length).toBeGreaterThan(0);
  expect(spilo.map(([, level]) => level)).toEqual(spilo.map(() => 'baseline'));
});
