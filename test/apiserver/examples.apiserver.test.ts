// API-server tier (DESIGN.md, truth 3): every example applied to a real kube-apiserver with server-side apply and
// strict field validation, in namespaces that warn at PodSecurity `restricted`; then re-applied (no drift), read
// back (the server keeps every field we send), and upgraded (the changed variant is accepted over the first).
import { FIELD_MANAGER, Manifest } from './client';
import { formatDifferences, subsetDiff } from './subset';
import { connect, Target } from './target';
import { applyAll, keyOf, namespacesOf, place, synth, WarningLog } from './tier';
import { EXAMPLES } from '../../examples/registry';

let target: Target;
const warningLog = new WarningLog();

beforeAll(async () => {
  target = await connect();
}, 15 * 60_000); // a missing binary is built first (minutes); scripts/kube/test-tier.sh builds ahead of jest

afterAll(async () => {
  warningLog.write('apiserver-warnings');
  await target?.release();
});

test('the registry lists examples', () => {
  expect(EXAMPLES.length).toBeGreaterThan(0);
});

/** Reads every object back and compares what we sent with what the server stored. */
async function readBack(objects: Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const obj of objects) {
    const got = await target.client.get(obj);
    if (!got) { problems.push(`${keyOf(obj)}: not found after apply`); continue; }
    const { differences, dropped } = subsetDiff(obj, got);
    if (differences.length) problems.push(`${keyOf(obj)}:\n${formatDifferences(differences)}`);
    if (dropped.length) console.log(`${keyOf(obj)}: empty values omitted by the server: ${dropped.join(', ')}`);
  }
  return problems;
}

const namespace = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

const ourEntry = (o: any) => (o.metadata.managedFields as any[] | undefined)
  ?.find(m => m.manager === FIELD_MANAGER && m.operation === 'Apply');

describe.each(EXAMPLES)('example $name', example => {
  const defaultNamespace = `ex-${example.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  let objects: Manifest[] | undefined;
  let first: Map<string, any> | undefined;
  const ready = () => {
    if (!objects || !first) throw new Error('the first apply did not succeed; nothing to check');
    return { objects, first };
  };

  test('every object is accepted in fresh namespaces', async () => {
    const placed = await place(target, synth(example.build), defaultNamespace);
    for (const ns of namespacesOf(placed)) await target.namespaces.fresh(ns);
    for (const ns of namespacesOf(placed)) expect(await target.client.get(namespace(ns))).toBeDefined();
    const result = await applyAll(target, `${example.name} (${target.description})`, placed);
    warningLog.add(example.name, 'apply', result.warnings);
    expect(result.failures).toEqual([]);
    expect(result.applied.size).toBe(placed.length);
    objects = placed;
    first = result.applied;
  });

  test('applying the identical objects again changes nothing', async () => {
    const { objects: objs, first: before } = ready();
    // managedFields carry a time in whole seconds: in a later second, an apply the server does not recognise as a
    // no-op shows up as a new resourceVersion (e.g. a defaulted field inside an atomic list of a CRD on 1.28).
    await new Promise(r => setTimeout(r, 1100));
    const result = await applyAll(target, undefined, objs);
    expect(result.failures).toEqual([]);
    const drift: string[] = [];
    for (const obj of objs) {
      const a = before.get(keyOf(obj));
      const b = result.applied.get(keyOf(obj));
      if (target.local) {
        // Nothing else writes to our own server, so any change at all is drift caused by the manifest.
        if (a.metadata.resourceVersion !== b.metadata.resourceVersion) drift.push(`${keyOf(obj)}: resourceVersion changed`);
        if (JSON.stringify(a.metadata.managedFields) !== JSON.stringify(b.metadata.managedFields)) {
          drift.push(`${keyOf(obj)}: managedFields changed`);
        }
      } else {
        // Controllers of a real cluster write status (new resourceVersion); our own apply entry must stay put.
        if (JSON.stringify(ourEntry(a)) !== JSON.stringify(ourEntry(b))) drift.push(`${keyOf(obj)}: ${FIELD_MANAGER} entry changed`);
        if (a.metadata.generation !== b.metadata.generation) drift.push(`${keyOf(obj)}: generation changed`);
      }
    }
    expect(drift).toEqual([]);
  });

  test('every field sent comes back with the same value', async () => {
    const { objects: objs } = ready();
    expect(await readBack(objs)).toEqual([]);
  });

  test('the upgrade variant is accepted over the first version', async () => {
    const { first: before } = ready();
    const upgraded = await place(target, synth(example.build, { upgrade: true }), defaultNamespace);
    // An upgrade may add a namespace; the ones already in use must keep their objects.
    const known = new Set(namespacesOf(objects!));
    for (const ns of namespacesOf(upgraded).filter(n => !known.has(n))) await target.namespaces.fresh(ns);
    const result = await applyAll(target, `${example.name} upgrade`, upgraded);
    warningLog.add(example.name, 'upgrade', result.warnings);
    expect(result.failures).toEqual([]);
    // The variant must really change something, or this test would prove nothing about immutable fields.
    const changed = upgraded.filter(o => {
      const [a, b] = [before.get(keyOf(o)), result.applied.get(keyOf(o))];
      if (!a) return true;
      if (target.local) return a.metadata.resourceVersion !== b.metadata.resourceVersion;
      return a.metadata.generation !== b.metadata.generation || JSON.stringify(ourEntry(a)) !== JSON.stringify(ourEntry(b));
    });
    expect(changed.map(keyOf)).not.toEqual([]);
    expect(await readBack(upgraded)).toEqual([]);
  });
});
