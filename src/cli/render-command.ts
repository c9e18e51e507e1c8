import * as fs from 'fs';
import * as path from 'path';
import { appSource } from '../operator-manifest/app-source';
import { convertDocuments, Conversion } from '../operator-manifest/conversion';
import { readConfigurationDocument, readInputs } from '../operator-manifest/documents';
import { formatFinding } from '../operator-manifest/findings';
import { pythonAppSource } from '../operator-manifest/python-app-source';
import { renderToDirectory, renderYaml } from '../operator-manifest/render';
import { ManifestError } from '../operator-manifest/values';
import { PostgresValidationError } from '../private/validation';

export const RENDER_USAGE = `Usage: cdk8s-postgres render <file|dir|->... [--operator-configuration <file>] [--output <dir>] [--lenient]
       cdk8s-postgres convert <file|dir|->... [--operator-configuration <file>] [--output <dir>] [--lenient]
                              [--language typescript|python]

render writes this library's YAML for the Zalando operator's postgresql manifests (acid.zalan.do/v1): the same
names, labels, Secrets and backup paths (metadata.uid becomes clusterUid). convert writes a cdk8s app (main.ts, or
main.py with --language python) that synthesizes the same YAML. Objects of other kinds among the manifests are passed through unchanged.

  <file|dir|->               manifests: files, directories (every *.yaml/*.yml below, in name order) or - for stdin
  --operator-configuration   the operator's OperatorConfiguration resource or its ConfigMap: the fleet defaults
  --output                   render: one file per namespace in this directory; convert: main.ts (main.py) in it
                             (default: standard output)
  --language                 convert: the app's language, typescript (default) or python (the cdk8s-postgres
                             Python package: snake_case arguments, struct classes)
  --lenient                  fields that are safe to drop (volume iops, maintenance windows...) become warnings

A field the library cannot honour is an error naming the field and why.
Exit codes: 0 rendered, 1 refused fields or values the library rejects, 2 usage or input error.
`;

class UsageError extends Error {}

interface Args {
  readonly command: 'render' | 'convert';
  readonly inputs: string[];
  readonly configuration?: string;
  readonly output?: string;
  readonly lenient: boolean;
  readonly language?: Language;
  readonly help?: boolean;
}

const LANGUAGES = ['typescript', 'python'] as const;
type Language = typeof LANGUAGES[number];

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  const inputs: string[] = [];
  let configuration: string | undefined;
  let output: string | undefined;
  let lenient = false;
  let language: Language | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return { command: command as Args['command'], inputs, lenient, help: true };
    if (arg === '--lenient') { lenient = true; continue; }
    const m = /^--(operator-configuration|output|language)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? rest[++i];
      if (value === undefined || value === '') throw new UsageError(`--${m[1]} needs a value`);
      if (m[1] === 'output') output = value;
      else if (m[1] === 'language') language = languageOf(command, value);
      else configuration = value;
      continue;
    }
    if (arg.startsWith('--')) throw new UsageError(`unknown argument '${arg}'`);
    inputs.push(arg);
  }
  if (!inputs.length) throw new UsageError('no manifests: name files, directories or - for standard input');
  return { command: command as Args['command'], inputs, configuration, output, lenient, language };
}

function languageOf(command: string, value: string): Language {
  if (command !== 'convert') throw new UsageError('--language is an option of convert');
  if (!(LANGUAGES as readonly string[]).includes(value)) throw new UsageError(`--language: '${value}' is not one of ${LANGUAGES.join(', ')}`);
  return value as Language;
}

type Write = (s: string) => void;

/** `render` and `convert`; returns the exit code. */
export function renderCommand(argv: string[], stdout: Write, stderr: Write, stdin?: () => string): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    stderr(`cdk8s-postgres: ${(e as Error).message}\n\n${RENDER_USAGE}`);
    return 2;
  }
  if (args.help) {
    stdout(RENDER_USAGE);
    return 0;
  }
  const prefix = `cdk8s-postgres ${args.command}`;
  let conversion: Conversion;
  try {
    const configuration = args.configuration ? readConfigurationDocument(args.configuration) : undefined;
    const docs = readInputs(args.inputs, stdin, args.configuration ? [args.configuration] : []);
    if (!docs.clusters.length) throw new ManifestError(`no postgresql resources (acid.zalan.do/v1) in ${args.inputs.join(', ')}`);
    conversion = convertDocuments(docs, configuration, args.lenient);
  } catch (e) {
    if (e instanceof ManifestError) {
      stderr(`${prefix}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof PostgresValidationError) {
      stderr(`${prefix}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const f of conversion.findings.all) stderr(`${formatFinding(f)}\n`);
  if (conversion.findings.errors.length) return 1;
  try {
    if (args.command === 'convert') {
      const python = args.language === 'python';
      const source = python ? pythonAppSource(conversion) : appSource(conversion);
      if (args.output) {
        fs.mkdirSync(args.output, { recursive: true });
        fs.writeFileSync(path.join(args.output, python ? 'main.py' : 'main.ts'), source);
      } else {stdout(source);}
    } else if (args.output) {
      renderToDirectory(conversion, args.output);
    } else {
      stdout(renderYaml(conversion));
    }
  } catch (e) {
    // The library refuses a value (a parameter Patroni owns, a name too long...), or Python has no spelling for one:
    // the message names the cluster and the prop.
    if (!(e instanceof PostgresValidationError) && !(e instanceof ManifestError)) throw e;
    stderr(`${prefix}: ${e.message}\n`);
    return 1;
  }
  return 0;
}
