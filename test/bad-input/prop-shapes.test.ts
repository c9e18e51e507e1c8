// A JavaScript caller's list, map or object prop of the wrong shape fails at construction, naming the prop, instead of
// a raw TypeError or a silently wrong manifest (a string spread into labels renders the label `0: x`).
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { FleetDefaults, PostgresCluster } from '../../src';
import { PostgresValidationError } from '../../src/private/validation';
import { CLUSTER_PROP_SHAPES, FLEET_PROP_SHAPES, objectWording, PropShapes } from '../../src/resolve/prop-shapes';

const assembly = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.jsii'), 'utf8'));

/** The list, map and object props of a struct, from the jsii assembly (enums, Durations and Sizes are not objects here). */
function shapesOf(fqn: string): PropShapes {
  const lists: string[] = [];
  const maps: string[] = [];
  const objects: string[] = [];
  for (const p of assembly.types[fqn].properties) {
    const t = p.type;
    if (t.collection) (t.collection.kind === 'array' ? lists : maps).push(p.name);
    else if (t.fqn && (assembly.types[t.fqn]?.datatype || t.fqn.startsWith('cdk8s-plus-28.k8s.'))) objects.push(p.name);
  }
  return { lists, maps, objects };
}

const sorted = (s: PropShapes) => ({ lists: [...s.lists].sort(), maps: [...s.maps].sort(), objects: [...s.objects].sort() });

test('the tables name every list, map and object prop of the public API', () => {
  expect(sorted(CLUSTER_PROP_SHAPES)).toEqual(sorted(shapesOf('cdk8s-postgres.PostgresClusterProps')));
  expect(sorted(FLEET_PROP_SHAPES)).toEqual(sorted(shapesOf('cdk8s-postgres.FleetDefaultsProps')));
});

function attempt(props: Record<string, unknown>, fleet?: Record<string, unknown>): Error {
  const c = new Chart(Testing.app(), 'c', { namespace: 'db' });
  try {
    new PostgresCluster(c, 'acid-x', { teamId: 'acid', ...props, ...(fleet ? { fleet: new FleetDefaults(fleet as any) } : {}) } as any);
    Testing.synth(c);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(props)} ${JSON.stringify(fleet ?? {})}`);
}

const wrong = (kind: 'lists' | 'maps' | 'objects') => (kind === 'lists' ? ['x', { a: 1 }] : ['x', ['a'], 5]);
const expected = (kind: 'lists' | 'maps' | 'objects', prefix: string, prop: string) =>
  ({ lists: 'a list', maps: 'an object of names to values', objects: objectWording(prefix, prop) })[kind];

for (const [prefix, shapes] of [['', CLUSTER_PROP_SHAPES], ['fleet.', FLEET_PROP_SHAPES]] as const) {
  for (const kind of ['lists', 'maps', 'objects'] as const) {
    for (const prop of shapes[kind]) {
      test(`${prefix}${prop} of the wrong shape is refused naming it`, () => {
        for (const value of wrong(kind)) {
          const error = prefix ? attempt({}, { [prop]: value }) : attempt({ [prop]: value });
          expect(error).toBeInstanceOf(PostgresValidationError);
          const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
          expect(error.message).toBe(`c/acid-x: ${prefix}${prop}: ${shown} is not valid; expected ${expected(kind, prefix, prop)}`);
        }
      });
    }
  }
}
