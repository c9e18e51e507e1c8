/*
 * Every TypeScript snippet of the README compiles as a file of the app `cdk8s init typescript-app` creates (its strict
 * options, noUnusedLocals included), on its own; and the snippets run: `app.synth()` writes what the text says.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { checkSnippets, ROOT } from './check-snippets';
import { fencedBlocks } from './markdown-blocks';
import { runSnippet } from './run-snippet';

const blocks = fencedBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const snippets = blocks.filter(b => ['ts', 'typescript'].includes(b.lang));
const results = checkSnippets(snippets);

/** Runs a snippet with a fresh output directory; returns the files it wrote, by name. */
function synth(code: string): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'readme-snippet-'));
  try {
    runSnippet(code, outdir);
    return new Map(readdirSync(outdir).map(f => [f, readFileSync(join(outdir, f), 'utf8')]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('README TypeScript snippets', () => {
  test('every fenced block names its language, so no TypeScript escapes the check', () => {
    expect(blocks.filter(b => !b.lang).map(b => `README.md:${b.line - 1}`)).toEqual([]);
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  test.each(results.map(r => [r.line, r.problems] as const))('the snippet at README.md:%d compiles', (_line, problems) => {
    expect(problems).toEqual([]);
  });

  test('the check reports what a cdk8s app would refuse, at its README line', () => {
    const [bad] = checkSnippets([{ line: 100, code: "import { Chart } from 'cdk8s';\nimport { PostgresCluster } from 'cdk8s-postgres';\nconst db = PostgresCluster;\n" }]);
    expect(bad.problems).toEqual([
      "README.md:100:1 TS6133: 'Chart' is declared but its value is never read.",
      "README.md:102:7 TS6133: 'db' is declared but its value is never read.",
    ]);
    const [script] = checkSnippets([{ line: 7, code: 'const n = 1;\nvoid n;\n' }]);
    expect(script.problems).toEqual(['README.md:7: not a module: a snippet starts with its imports']);
  });

  test('the quickstart synthesizes the chart it describes', () => {
    const quickstart = snippets[0];
    expect(quickstart.code).toContain('new FleetApp(');
    const files = synth(quickstart.code);
    expect([...files.keys()]).toEqual(['orders.k8s.yaml']);
    const objects = parseAllDocuments(files.get('orders.k8s.yaml')!).map(d => d.toJSON());
    const named = (kind: string) => objects.find(o => o.kind === kind && o.metadata.name === 'orders-db');
    expect(named('StatefulSet')).toMatchObject({ metadata: { namespace: 'orders' }, spec: { replicas: 3 } });
    // The comment's hostname: Service orders-db in namespace orders.
    expect(named('Service')).toMatchObject({ metadata: { namespace: 'orders' } });
  });

  test('the users snippet wires its applications with connect(): the primary in its namespace, the replicas across', () => {
    const users = snippets.find(s => s.code.includes('db.connect('))!;
    const files = synth(users.code);
    const envOf = (file: string, kind: string) => {
      const o = parseAllDocuments(files.get(file)!).map(d => d.toJSON()).find(x => x.kind === kind);
      const pod = kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
      return Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e]));
    };
    const api = envOf('orders.k8s.yaml', 'Deployment');
    expect(api.PGHOST.value).toBe('orders-db.orders.svc');
    expect(api.PGDATABASE.value).toBe('orders');
    expect(api.PGPASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'orders-app.orders-db.credentials.postgresql.acid.zalan.do', key: 'password' });
    const report = envOf('reporting.k8s.yaml', 'CronJob');
    expect(report.PGHOST.value).toBe('orders-db-repl.orders.svc');
    expect(report.PGUSER.valueFrom.secretKeyRef).toEqual({ name: 'reporting.analyst.orders-db.credentials.postgresql.acid.zalan.do', key: 'username' });
  });

  test('the install line names the file `npx projen package:js` writes', () => {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const install = blocks.find(b => b.lang === 'bash' && b.code.includes('package:js'))!;
    expect(install.code).toContain(`npm install ../${name}/dist/js/${name}@${version}.jsii.tgz cdk8s cdk8s-plus-28 constructs`);
  });

  test.each(snippets.map(s => [s.line, s.code] as const))('the snippet at README.md:%d synthesizes', (_line, code) => {
    expect(synth(code).size).toBeGreaterThan(0);
  });
});
