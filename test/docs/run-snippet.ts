/*
 * Runs a TypeScript snippet as a user's cdk8s app would, in this process: transpiled to CommonJS, `cdk8s-postgres`
 * served from src/, `cdk8s synth` output redirected to a directory of the caller's choosing.
 */
import { join } from 'path';
import * as ts from 'typescript';
import { CDK8S_APP_OPTIONS } from './cdk8s-app-options';
import { ROOT } from './check-snippets';

/** Runs `code`; App and FleetApp without an explicit outdir write to `outdir` (cdk8s reads CDK8S_OUTDIR). */
export function runSnippet(code: string, outdir: string): void {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: CDK8S_APP_OPTIONS.module, target: CDK8S_APP_OPTIONS.target },
  }).outputText;
  // The snippet's own require, as node would give it; the library from source (jest transpiles it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string): unknown => require(id === 'cdk8s-postgres' ? join(ROOT, 'src') : id);
  const mod = { exports: {} };
  const previous = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    new Function('require', 'module', 'exports', js)(load, mod, mod.exports);
  } finally {
    if (previous === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = previous;
  }
}
