import { Yaml } from 'cdk8s';
import { isPlainWord, ManifestYaml } from '../../src/app/private/manifest-yaml';

/** A small deterministic PRNG (Park-Miller), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed % 2147483647;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

// Strings that YAML 1.1 reads as something else, or that need quoting, escaping or a block scalar.
const TRICKY = [
  '', ' ', 'y', 'Y', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', '~', 'NULL', '0', '007', '0o17', '0x1F', '0b101',
  '1e3', '1_000', '3.14', '.5', '.inf', '-.Inf', '.NaN', '190:20:30', '2026-11-24', '2026-11-24T00:55:23Z', '<<', '=',
  '-', '- a', '? x', ': x', 'a: b', 'a #b', '#x', '&a', '*a', '!tag', '%x', '@x', '`x', '|', '>', '[a]', '{a}', 'a,b',
  "it's", 'say "hi"', 'back\\slash', 'tab\there', 'lead ', ' trail', 'line\nbreak', 'line\n', '\nlead', 'a\n\nb',
  'a\n\n', '  indented\nblock', 'x\r\ny', 'bell\u0007', 'ünïcödé', '日本', '😀', 'a'.repeat(200), 'postgres://u@h:5432/db',
  '500m', '1Gi', '10.0.0.0/8', 'app.kubernetes.io/name', '${PGHOST}', '---', '...', 'key: |', 'SELECT 1;\n-- comment\n',
];
const KEYS = ['a', 'name', 'y', 'n', 'on', '1', 'app.kubernetes.io/name', 'with space', 'a: b', '#', '-x', 'über', "q'", 'k\tv'];

function value(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const r = rand();
  if (depth > 0 && r < 0.25) {
    const map: Record<string, unknown> = {};
    const n = Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) map[pick(KEYS) + (rand() < 0.3 ? String(i) : '')] = value(rand, depth - 1);
    return map;
  }
  if (depth > 0 && r < 0.45) return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth - 1));
  if (r < 0.75) return pick(TRICKY);
  if (r < 0.85) return pick([0, 1, -1, 5432, 0.5, 1e21, 1.5e-7, 2 ** 53, NaN, Infinity, -Infinity]);
  if (r < 0.95) return rand() < 0.5;
  return null;
}

describe('ManifestYaml', () => {
  test('writes exactly what cdk8s Yaml.stringify writes, for 3,000 random documents', () => {
    const rand = random(20261124);
    const writer = new ManifestYaml();
    let documents = 0;
    for (let i = 0; i < 300; i++) {
      const docs = Array.from({ length: 10 }, () => value(rand, 5));
      documents += docs.length;
      expect(writer.stringify(docs)).toBe(Yaml.stringify(...docs));
    }
    expect(documents).toBe(3000);
  });

  test('writes exactly what cdk8s Yaml.stringify writes, for 6,000 documents of random characters', () => {
    // Indicators, quotes, escapes and every JavaScript line terminator, in random strings up to 24 characters.
    const alphabet = ' \n\t\r-:#?&*!|>\'"%@`{}[],.0123456789aeonyEINTx_/\\\u0085\u2028\u2029é\u0000~=<';
    const rand = random(7);
    const str = () => Array.from({ length: Math.floor(rand() * 24) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const val = (depth: number): unknown => {
      const r = rand();
      if (depth > 0 && r < 0.3) {
        const map: Record<string, unknown> = {};
        for (let i = 0; i < rand() * 4; i++) map[str()] = val(depth - 1);
        return map;
      }
      if (depth > 0 && r < 0.5) return Array.from({ length: Math.floor(rand() * 3) }, () => val(depth - 1));
      return r < 0.55 ? null : str();
    };
    const writer = new ManifestYaml();
    for (let i = 0; i < 600; i++) {
      const docs = Array.from({ length: 10 }, () => val(4));
      expect(writer.stringify(docs)).toBe(Yaml.stringify(...docs));
    }
  });

  test.each([
    ['a document marker after a line terminator', () => ({ a: { '\u2028%': 'x', 'b': 'y\n---\nz' } })],
    ['a map whose values are all null', () => ({ a: { b: null, c: null } })],
    ['a shared object (anchors and aliases)', () => { const shared = { a: 1 }; return { x: shared, y: [shared] }; }],
    ['a shared empty object', () => { const shared = {}; return { x: shared, y: shared }; }],
    ['undefined values', () => ({ a: undefined, b: [undefined] })],
    ['class instances', () => ({ at: new Date(0), set: new Set([1]) })],
    ['negative zero', () => ({ a: -0 })],
    ['a key longer than 1,024 characters', () => ({ ['k'.repeat(1100)]: 'v' })],
    ['a multi-line key', () => ({ 'a\nb': 'v' })],
    ['a scalar document', () => 'just a string'],
    ['an empty document', () => ({})],
  ])('leaves %s to the yaml package, with the same result', (_label, make) => {
    const doc = make();
    expect(new ManifestYaml().stringify([doc, { after: 'x' }, undefined])).toBe(Yaml.stringify(doc, { after: 'x' }, undefined));
  });

  test('a string taken as plain without asking the yaml package is one it writes plain', () => {
    const rand = random(42);
    const alphabet = 'aeEinosty/YNOTF019_.-:=@+,()% ';
    const words = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'No', 'true', 'False', 'on', 'Off', 'OFF', 'null', 'Null', 'NULL', 'yEs',
      'e5', 'E1', 'e-7', 'E+1', 'e1_0', 'x1e3', 's3://bucket/x', 'http://h:8008/config', 'a:', 'a: b', 'a :b', 'x=1,y=2', 'user@host', 'f(x)', '50%', 'a-b', 'a/b', '/etc/x', 'app.kubernetes.io/name', 'spilo-role', 'db_1'];
    for (let i = 0; i < 20000; i++) words.push(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
    let plain = 0;
    for (const word of words.filter(isPlainWord)) {
      plain++;
      expect(Yaml.stringify({ k: word }, [word])).toBe(`k: ${word}\n---\n- ${word}\n`);
    }
    expect(plain).toBeGreaterThan(4000);
    for (const word of ['y', 'Yes', 'OFF', 'null', 'Null', '1a', '.a', '-a', 'a b ', 'a  b', 'a:', 'a: b', '%a', '']) expect(isPlainWord(word)).toBe(false);
  });

  test('block scalars move with their indentation, empty lines stay empty', () => {
    const doc = { data: { 'script.sh': '#!/bin/sh\n\n  echo hi\n' }, items: [['  x\ny', { k: 'a\n\nb' }]] };
    const text = new ManifestYaml().stringify([doc]);
    expect(text).toBe(Yaml.stringify(doc));
    expect(text).toContain('script.sh: |\n    #!/bin/sh\n\n      echo hi\n');
  });
});
