/*
 * The shape of src/ (README "Repository layout"): public constructs -> resolve -> render, both over the
 * resolved model, all over private helpers; no import cycles; no feature module reads the props or the fleet.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { cycles, importGraph, ROOT } from './import-graph';

type Stage = 'construct' | 'public' | 'resolve' | 'model' | 'render' | 'helper';

/** What each stage may import (besides itself). Mirrors the table in the README. */
const MAY_IMPORT: Record<Stage, Stage[]> = {
  construct: ['construct', 'public', 'resolve', 'model', 'render', 'helper'],
  public: ['public', 'helper'],
  resolve: ['public', 'model', 'helper'],
  model: ['public', 'helper'],
  render: ['public', 'model', 'helper'],
  helper: ['public', 'helper'],
};
/** The construct's own inputs: only the construct and the resolution stage read them. */
const INPUTS = ['src/cluster/postgres-cluster-props.ts', 'src/cluster/fleet-defaults.ts'];

const graph = importGraph();
const exported = new Set([...readFileSync(join(ROOT, 'src/index.ts'), 'utf8').matchAll(/from '\.\/([^']+)'/g)].map(m => `src/${m[1]}.ts`));

function stageOf(file: string): Stage {
  // The command line builds apps from manifests, as a user's app does.
  if (file === 'src/index.ts' || file.startsWith('src/app/') || file.startsWith('src/cli/') || file.startsWith('src/operator-manifest/')) return 'construct';
  if (file.startsWith('src/resolve/')) return 'resolve';
  if (file.startsWith('src/model/')) return 'model';
  if (file.startsWith('src/render/')) return 'render';
  if (exported.has(file)) return /\bextends Construct\b/.test(readFileSync(join(ROOT, file), 'utf8')) ? 'construct' : 'public';
  return 'helper';
}

describe('src/ layout', () => {
  test('the graph is the real one: it sees the stages and their imports', () => {
    const stages = new Set([...graph.keys()].map(stageOf));
    expect([...stages].sort()).toEqual(['construct', 'helper', 'model', 'public', 'render', 'resolve']);
    expect(graph.get('src/cluster/postgres-cluster.ts')).toContain('src/resolve/resolve-cluster.ts');
    expect(graph.size).toBeGreaterThan(80);
  });

  test('no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('the cycle finder finds cycles', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c'], ['d']]);
  });

  test('each stage imports only what the layout allows', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = stageOf(file);
      for (const target of targets) {
        const to = stageOf(target);
        if (to !== from && !MAY_IMPORT[from].includes(to)) wrong.push(`${file} (${from}) imports ${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('no feature module reads the construct\'s props or the fleet', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const stage = stageOf(file);
      if (stage === 'construct' || stage === 'resolve' || INPUTS.includes(file)) continue;
      for (const target of targets.filter(t => INPUTS.includes(t))) wrong.push(`${file} (${stage}) imports ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  test('the README\'s layout table says what this test enforces', () => {
    const names: Record<string, Stage> = {
      'public constructs': 'construct', 'public types': 'public', 'resolve': 'resolve', 'model': 'model', 'render': 'render', 'helpers': 'helper',
    };
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| Stage | Folder | May import |'));
    const lines = table.split('\n');
    const rows = lines.slice(2, lines.findIndex(line => !line.startsWith('|'))).map(line => line.split('|').map(cell => cell.trim()));
    const documented = Object.fromEntries(rows.map(([, stage, , allowed]) => [
      names[stage], allowed.replace(/\([^)]*\)/g, '').split(',').map(s => names[s.trim()]).filter(s => s !== names[stage]).sort(),
    ]));
    const enforced = Object.fromEntries(Object.entries(MAY_IMPORT).map(([stage, allowed]) => [stage, allowed.filter(s => s !== stage).sort()]));
    expect(documented).toEqual(enforced);
  });

  test('renderers read the resolved cluster, never the resolution code', () => {
    const renderers = [...graph.keys()].filter(f => stageOf(f) === 'render');
    expect(renderers.length).toBeGreaterThanOrEqual(12);
    for (const file of renderers) expect(graph.get(file)!.filter(t => t.startsWith('src/resolve/'))).toEqual([]);
  });
});
