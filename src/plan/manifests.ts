import * as fs from 'fs';
import * as path from 'path';
import type * as YamlPackage from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy cdk8s bundles: no dependency of ours
const YAML: typeof YamlPackage = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** One Kubernetes object as read from a synthesized file. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: any;
}

/** `apiVersion/kind/namespace/name`, the identity a GitOps tool applies by (the group's version is left out). */
export function objectKey(o: Manifest): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** `Kind namespace/name` for people. */
export function objectLabel(o: Manifest): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** Every object of every `*.yaml`/`*.yml` file under a directory (recursively, files in name order). */
export function readManifestDirectory(dir: string): Manifest[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: not a directory of synthesized manifests`);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(entry.name)) files.push(p);
    }
  };
  walk(dir);
  return files.flatMap(f => parseManifests(fs.readFileSync(f, 'utf8'), f));
}

/** The objects of a multi-document YAML text; empty documents and non-objects are skipped, a List is unpacked. */
export function parseManifests(text: string, source = 'input'): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of YAML.parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
    const value = doc.toJS({ maxAliasCount: -1 });
    const items = value && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const o of items) {
      if (!o || typeof o !== 'object' || !o.kind || !o.metadata?.name) continue;
      out.push(o as Manifest);
    }
  }
  return out;
}
