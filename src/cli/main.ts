#!/usr/bin/env node
import { renderCommand, RENDER_USAGE } from './render-command';
import { main as planMain } from '../plan/cli';

const USAGE = `Usage: cdk8s-postgres <command> [options]

Commands:
  plan      what applying new synthesized manifests does to the running clusters
  render    this library's YAML for the Zalando operator's postgresql manifests
  convert   a cdk8s app (TypeScript) for the Zalando operator's postgresql manifests

cdk8s-postgres <command> --help says more.
`;

type Write = (s: string) => void;

/** Runs the command line; returns the exit code. */
export function main(
  argv: string[], stdout: Write = s => process.stdout.write(s), stderr: Write = s => process.stderr.write(s), stdin?: () => string,
): number {
  const [command] = argv;
  if (command === 'plan') return planMain(argv, stdout, stderr);
  if (command === 'render' || command === 'convert') return renderCommand(argv, stdout, stderr, stdin);
  if (command === '--help' || command === '-h') {
    stdout(`${USAGE}\n${RENDER_USAGE}`);
    return 0;
  }
  stderr(`cdk8s-postgres: ${command ? `unknown command '${command}'` : 'no command'}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
