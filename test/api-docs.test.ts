import * as fs from 'fs';
import * as path from 'path';

// jsii carries no default values: Python, Java and Go users only see the @default text.
// `.jsii` is written by `projen compile`, which runs before the tests in test:all and build.
const assemblyPath = path.join(__dirname, '..', '.jsii');

describe('public API documentation', () => {
  const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
  const types: any[] = Object.values(assembly.types ?? {});

  test('the assembly is current with src/ (run `npx projen compile` if this fails)', () => {
    const newestSource = newestMtime(path.join(__dirname, '..', 'src'));
    expect(fs.statSync(assemblyPath).mtimeMs).toBeGreaterThanOrEqual(newestSource);
  });

  test('every optional struct property documents its default', () => {
    const missing = types
      .filter(t => t.kind === 'interface' && t.datatype)
      .flatMap(t => (t.properties ?? [])
        .filter((p: any) => p.optional && !p.docs?.default)
        .map((p: any) => `${t.name}.${p.name}`));
    expect(missing).toEqual([]);
  });

  test('every exported type and public member has a summary', () => {
    const missing: string[] = [];
    for (const t of types) {
      if (!t.docs?.summary) missing.push(t.name);
      for (const p of [...(t.properties ?? []), ...(t.methods ?? [])]) {
        if (!p.docs?.summary) missing.push(`${t.name}.${p.name}`);
      }
      for (const m of t.members ?? []) if (!m.docs?.summary) missing.push(`${t.name}.${m.name}`);
    }
    expect(missing).toEqual([]);
  });
});

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}
