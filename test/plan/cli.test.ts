// The `cdk8s-postgres plan` command: arguments, formats, exit codes (0 no blockers, 1 blockers, 2 usage or input
// errors), a git ref as --before, and the compiled bin entry of package.json.
import { execFileSync, spawnSync } from 'child_process';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Size } from 'cdk8s';
import { cluster, synthToDir, tempDir } from './harness';
import { PostgresVersion } from '../../src';
import { main } from '../../src/plan/cli';

const db = (parameters: Record<string, string>, size = 10) =>
  cluster('orders', { name: 'orders-db', teamId: 'orders', instances: 2, version: PostgresVersion.V17, volume: { size: Size.gibibytes(size) }, parameters });
const base = synthToDir(db({ work_mem: '4MB' }));
const live = synthToDir(db({ work_mem: '8MB' }));
const blocked = synthToDir(db({ work_mem: '4MB' }, 20));

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, s => { out += s; }, s => { err += s; });
  return { code, out, err };
}

describe('cdk8s-postgres plan', () => {
  test('no blockers: exit 0, the text plan on stdout', () => {
    const r = run('plan', '--before', base, '--after', live);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^Plan: 1 cluster: 0 created, 0 removed, 1 changed, 0 unchanged; 0 other objects changed; no blockers\n/);
    expect(r.out).toContain('the dynamic configuration Job applies live (PATCH /config, no restart): work_mem 4MB -> 8MB');
    expect(r.out).toMatch(/\n {2}Objects:\n {4}~ ConfigMap orders\/orders-db-spilo-configuration \(data.SPILO_CONFIGURATION\)\n {4}- ConfigMap orders\/orders-db-dcs-[0-9a-f]{6}\n {4}- Job orders\/orders-db-dcs-[0-9a-f]{6}\n {4}\+ ConfigMap orders\/orders-db-dcs-/);
  });

  test('blockers: exit 1; the Markdown plan has the blocker table first', () => {
    const r = run('plan', '--before', base, '--after', blocked, '--format', 'markdown');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^## cdk8s-postgres plan\n\n:x: .*1 blocker\n\n### Blockers\n\n\| Object \| Field \| Problem \| Remedy \|/);
    expect(r.out).toContain('| StatefulSet orders/orders-db | `spec.volumeClaimTemplates[0].spec.resources.requests.storage` |');
    expect(r.out).toContain('| orders/orders-db | changed | 2 members, PostgreSQL 17 | 0 | 0 | 0 | 0 | 1 |');
  });

  test('--format json (and --x=value) parses back with the same verdict', () => {
    const ok = JSON.parse(run('plan', `--before=${base}`, `--after=${live}`, '--format=json').out);
    expect([ok.hasBlockers, ok.clusters[0].settings]).toEqual([false, [{ name: 'work_mem', before: '4MB', after: '8MB', needsRestart: false }]]);
    const bad = run('plan', '--before', base, '--after', blocked, '--format', 'json');
    expect([bad.code, JSON.parse(bad.out).blockers.map((b: any) => b.field)]).toEqual([1, ['spec.volumeClaimTemplates[0].spec.resources.requests.storage']]);
  });

  test('--output writes the file, nothing on stdout', () => {
    const file = join(tempDir('plan-out-'), 'plan.md');
    const r = run('plan', '--before', base, '--after', live, '--format', 'markdown', '--output', file);
    expect([r.code, r.out]).toEqual([0, '']);
    expect(readFileSync(file, 'utf8')).toMatch(/^## cdk8s-postgres plan\n\n:white_check_mark: /);
  });

  test.each([
    [[], /no command/],
    [['apply'], /unknown command 'apply'/],
    [['plan', '--before', 'x'], /--before and --after are required/],
    [['plan', '--before', 'x', '--after', 'y', '--format', 'yaml'], /--format must be text, markdown or json, not 'yaml'/],
    [['plan', '--before', 'x', '--after', 'y', '--colour'], /unknown argument '--colour'/],
    [['plan', '--before'], /--before needs a value/],
  ])('usage error %j: exit 2 with the usage', (argv, message) => {
    const r = run(...argv);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: cdk8s-postgres plan --before <dir|git ref> --after <dir>');
  });

  test('input errors: exit 2 with the reason', () => {
    expect(run('plan', '--before', base, '--after', '/nonexistent/dir')).toMatchObject({ code: 2, err: expect.stringContaining('--after /nonexistent/dir: not a directory') });
    expect(run('plan', '--before', 'no-such-ref', '--after', live)).toMatchObject({ code: 2, err: expect.stringContaining("'no-such-ref' is neither a directory nor a git commit") });
    const broken = tempDir('plan-bad-');
    writeFileSync(join(broken, 'x.k8s.yaml'), 'kind: [unclosed\n');
    expect(run('plan', '--before', broken, '--after', live)).toMatchObject({ code: 2, err: expect.stringContaining('x.k8s.yaml') });
  });

  test('--help: exit 0, the usage on stdout', () => {
    expect(run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes: 0 no blockers, 1 blockers, 2 usage or input error.') });
  });

  test('--before as a git ref: the --after directory as committed there', () => {
    const repo = tempDir('plan-git-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    cpSync(base, join(repo, 'dist'), { recursive: true });
    git('add', 'dist');
    git('commit', '-qm', 'base');
    cpSync(live, join(repo, 'dist'), { recursive: true });
    const r = run('plan', '--before', 'HEAD', '--after', join(repo, 'dist'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('work_mem 4MB -> 8MB');
    // A ref without the directory committed: exit 2, saying to synthesize it first.
    git('rm', '-rqf', 'dist');
    git('commit', '-qm', 'drop');
    cpSync(live, join(repo, 'dist'), { recursive: true });
    expect(run('plan', '--before', 'HEAD', '--after', join(repo, 'dist'))).toMatchObject({ code: 2, err: expect.stringContaining('no YAML under dist at HEAD') });
  });

  test('the package\'s bin entry is the compiled command (run after `projen compile`)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk8s-postgres': 'lib/cli/main.js' });
    const bin = join(__dirname, '..', '..', pkg.bin['cdk8s-postgres']);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const r = spawnSync(process.execPath, [bin, 'plan', '--before', base, '--after', blocked], { encoding: 'utf8' });
    expect([r.status, r.stdout.split('\n')[0]]).toEqual([1, 'Plan: 1 cluster: 0 created, 0 removed, 1 changed, 0 unchanged; 0 other objects changed; 1 blocker']);
  });
});
