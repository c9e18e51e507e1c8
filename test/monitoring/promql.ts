/*
 * Prometheus's own rule and PromQL parsers (github.com/prometheus/prometheus, model/rulefmt and
 * promql/parser), built once from the Go module proxy by scripts/promql/build.sh into the cache.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Yaml } from 'cdk8s';

let binary: string | undefined;

/** Path of promql-check, building it on first use (a cold build takes about a minute). */
export function promqlCheck(): string {
  binary ??= execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'promql', 'build.sh')], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  }).trim().split('\n').pop()!;
  return binary;
}

/** Errors of each expression ('' when it parses and type-checks). */
export function parseErrors(expressions: string[]): string[] {
  const r = spawnSync(promqlCheck(), ['exprs'], { input: JSON.stringify(expressions), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promql-check exprs failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Validates rule groups as Prometheus loads them (`promtool check rules`); returns the output and status. */
export function checkRuleGroups(groups: unknown[]): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'promql-'));
  try {
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, Yaml.stringify({ groups }));
    const r = spawnSync(promqlCheck(), ['rules', file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
