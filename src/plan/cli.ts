#!/usr/bin/env node
import * as fs from 'fs';
import { ClusterPlan } from './cluster-plan';
import { readManifestsAtRef } from './git-snapshot';
import { readManifestDirectory } from './manifests';

const USAGE = `Usage: cdk8s-postgres plan --before <dir|git ref> --after <dir> [--format text|markdown|json] [--output <file>]

Says what applying the manifests in --after over those in --before does to the running PostgreSQL clusters:
pods that roll and why, restarts and switchovers in order, settings applied live or with a restart, volume growth,
version upgrades, users and databases, rotated credentials, Jobs that run, and blockers.

  --before   the synthesized output applied today: a directory, or a git ref (the --after directory as committed
             at that ref, for repositories that commit their synthesized YAML)
  --after    the synthesized output to apply: a directory
  --format   text (default), markdown (for a pull-request comment) or json
  --output   write the plan to this file instead of standard output

Exit codes: 0 no blockers, 1 blockers, 2 usage or input error.
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): Record<string, string> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { help: 'true' };
  if (command !== 'plan') throw new UsageError(command ? `unknown command '${command}'` : 'no command');
  const out: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return { help: 'true' };
    const m = /^--(before|after|format|output)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument '${arg}'`);
    const value = m[2] ?? rest[++i];
    if (value === undefined || value === '') throw new UsageError(`--${m[1]} needs a value`);
    out[m[1]] = value;
  }
  if (!out.before || !out.after) throw new UsageError('--before and --after are required');
  out.format = out.format ?? 'text';
  if (!['text', 'markdown', 'json'].includes(out.format)) throw new UsageError(`--format must be text, markdown or json, not '${out.format}'`);
  return out;
}

type Write = (s: string) => void;

/** Runs the command line; returns the exit code. */
export function main(argv: string[], stdout: Write = s => process.stdout.write(s), stderr: Write = s => process.stderr.write(s)): number {
  let args: Record<string, string>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    stderr(`cdk8s-postgres: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    stdout(USAGE);
    return 0;
  }
  let text: string;
  let blockers: boolean;
  try {
    if (!fs.existsSync(args.after) || !fs.statSync(args.after).isDirectory()) throw new Error(`--after ${args.after}: not a directory`);
    const before = fs.existsSync(args.before) && fs.statSync(args.before).isDirectory()
      ? readManifestDirectory(args.before) : readManifestsAtRef(args.before, args.after);
    const report = ClusterPlan.compareObjects(before, readManifestDirectory(args.after));
    text = args.format === 'json' ? `${report.toJson()}\n` : args.format === 'markdown' ? report.toMarkdown() : report.toText();
    blockers = report.hasBlockers;
  } catch (e) {
    stderr(`cdk8s-postgres plan: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.output) fs.writeFileSync(args.output, text);
  else stdout(text);
  return blockers ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
