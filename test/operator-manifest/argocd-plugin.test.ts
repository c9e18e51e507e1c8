// The Argo CD config management plugin (argocd/plugin.yaml): its generate and discover commands, exactly as written
// there, run the way the plugin sidecar runs them (shell, working directory = the application's source, parameters
// as ARGOCD_ENV_* variables) on a fixture GitOps repository of plain postgresql manifests.
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { tempDir } from './harness';

const ROOT = join(__dirname, '..', '..');
const REPO = join(__dirname, 'argocd-repo');
const plugin = parse(readFileSync(join(ROOT, 'argocd', 'plugin.yaml'), 'utf8'));

/** The newest modification time of the TypeScript sources under a directory. */
function newestSource(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts')).map(f => statSync(join(dir, f)).mtimeMs));
}

/**
 * A `cdk8s-postgres` on PATH that runs this checkout's command line, as `npm install -g` would provide it: the
 * compiled bin when `projen compile` is newer than the sources (CI compiles first), else the sources via ts-node.
 */
function binDir(): string {
  const dir = tempDir('argocd-bin-');
  const shim = join(dir, 'cdk8s-postgres');
  const compiled = join(ROOT, 'lib', 'cli', 'main.js');
  const fresh = existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource(join(ROOT, 'src'));
  writeFileSync(shim, fresh
    ? `#!/bin/sh\nexec "${process.execPath}" "${compiled}" "$@"\n`
    : `#!/bin/sh\nexec "${process.execPath}" "${require.resolve('ts-node/dist/bin')}" --transpile-only `
      + `--project "${join(ROOT, 'test', 'tsconfig.json')}" "${join(ROOT, 'src', 'cli', 'main.ts')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}
const PATH = `${binDir()}:${process.env.PATH}`;

function runStep(step: { command: string[]; args?: string[] }, cwd: string, env: Record<string, string>) {
  const [cmd, ...rest] = step.command;
  return spawnSync(cmd, [...rest, ...(step.args ?? [])], { cwd, env: { PATH, HOME: process.env.HOME ?? '/tmp', ...env }, encoding: 'utf8' });
}

const PARAMETERS = { ARGOCD_ENV_OPERATOR_CONFIGURATION: 'config/operator-configuration.yaml', ARGOCD_ENV_LENIENT: 'true' };

describe('the Argo CD plugin', () => {
  test('is a ConfigManagementPlugin whose generate step runs cdk8s-postgres render', () => {
    expect([plugin.apiVersion, plugin.kind, plugin.metadata.name]).toEqual(['argoproj.io/v1alpha1', 'ConfigManagementPlugin', 'cdk8s-postgres']);
    expect(plugin.spec.generate.args.join(' ')).toMatch(/^exec cdk8s-postgres render \./);
  });

  test('generate renders the fixture repository: every cluster, the namespaces passed through, warnings on stderr', () => {
    const r = runStep(plugin.spec.generate, REPO, PARAMETERS);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('warning: postgresql reporting/reporting-db: spec.maintenanceWindows: a runtime gate of the operator; '
      + 'use Argo CD sync windows or a suspended Flux Kustomization\n');
    const objects = parseAllDocuments(r.stdout).map(d => d.toJSON());
    const names = (kind: string) => objects.filter(o => o.kind === kind).map(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
    expect(names('Namespace')).toEqual(['/orders', '/reporting']);
    expect(names('StatefulSet')).toEqual(['orders/orders-db', 'reporting/reporting-db']);
    // The operator configuration in the repository is the fleet's (its WAL bucket, the uid as the path suffix),
    // not a manifest.
    const pg = objects.find(o => o.kind === 'StatefulSet' && o.metadata.name === 'orders-db').spec.template.spec.containers[0];
    const env = Object.fromEntries(pg.env.map((e: any) => [e.name, e.value]));
    expect([env.WAL_S3_BUCKET, env.WAL_BUCKET_SCOPE_SUFFIX]).toEqual(['acid-wal', '/0b7f3c1e-8d2a-4f6b-9e15-7a4c2d9b6e30']);
    expect(names('CronJob')).toEqual(['orders/logical-backup-orders-db']);
  }, 120_000);

  test('without LENIENT, a refused field fails the sync with the field named', () => {
    const r = runStep(plugin.spec.generate, REPO, { ARGOCD_ENV_OPERATOR_CONFIGURATION: PARAMETERS.ARGOCD_ENV_OPERATOR_CONFIGURATION });
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain('error: postgresql reporting/reporting-db: spec.maintenanceWindows: ');
  }, 120_000);

  test('discover finds a repository with postgresql manifests and nothing in one without', () => {
    expect(runStep(plugin.spec.discover.find, REPO, {}).stdout.trim()).toMatch(/^\.\/(orders|reporting)\/.*\.yaml$/);
    const other = tempDir('argocd-other-');
    writeFileSync(join(other, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    expect(runStep(plugin.spec.discover.find, other, {}).stdout).toBe('');
  });
});
