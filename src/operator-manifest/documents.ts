import * as fs from 'fs';
import * as path from 'path';
import type * as YamlPackage from 'yaml';
import { ManifestError } from './values';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy cdk8s bundles: no dependency of ours
const YAML: typeof YamlPackage = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** The documents of the inputs, in order: `postgresql` resources and every other object (passed through). */
export interface InputDocuments {
  readonly clusters: any[];
  readonly others: any[];
}

/** Every YAML document of a file, a directory (recursively, files in name order) or `-` (standard input). */
export function readInputs(inputs: string[], stdin: () => string = () => fs.readFileSync(0, 'utf8'), skip: string[] = []): InputDocuments {
  const clusters: any[] = [];
  const others: any[] = [];
  // The operator configuration may live in the same repository as the manifests (the Argo CD plugin reads `.`).
  const skipped = new Set(skip.map(f => path.resolve(f)));
  for (const input of inputs) {
    for (const [file, text] of texts(input, stdin)) {
      if (skipped.has(path.resolve(file))) continue;
      for (const doc of parseDocuments(file, text)) {
        if (doc.apiVersion === 'acid.zalan.do/v1' && doc.kind === 'postgresql') {clusters.push(doc);} else if (typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('acid.zalan.do/')) {
          throw new ManifestError(`${file}: ${doc.kind} ${doc.metadata?.name ?? ''}: only postgresql resources are rendered; `
            + 'pass the operator configuration with --operator-configuration');
        } else {others.push(doc);}
      }
    }
  }
  return { clusters, others };
}

/** The YAML documents of one file, empty ones left out; a parse error names the file. */
export function parseDocuments(file: string, text: string): any[] {
  const docs: any[] = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) throw new ManifestError(`${file}: ${doc.errors[0].message}`);
    const value = doc.toJSON();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value) || typeof value.kind !== 'string') {
      throw new ManifestError(`${file}: a document that is not a Kubernetes object`);
    }
    docs.push(value.kind === 'List' && Array.isArray(value.items) ? value.items : value);
  }
  return docs.flat();
}

/** The operator configuration file: one OperatorConfiguration or ConfigMap document. */
export function readConfigurationDocument(file: string): any {
  const docs = parseDocuments(file, readText(file));
  const found = docs.filter(d => d.kind === 'OperatorConfiguration' || d.kind === 'ConfigMap');
  if (found.length !== 1) throw new ManifestError(`${file}: expected one OperatorConfiguration or ConfigMap, found ${found.length}`);
  return found[0];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function texts(input: string, stdin: () => string): Array<[string, string]> {
  if (input === '-') return [['<stdin>', stdin()]];
  if (!fs.existsSync(input)) throw new ManifestError(`${input}: no such file or directory`);
  if (!fs.statSync(input).isDirectory()) return [[input, readText(input)]];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name)) files.push(p);
    }
  };
  walk(input);
  return files.map(f => [f, readText(f)]);
}
