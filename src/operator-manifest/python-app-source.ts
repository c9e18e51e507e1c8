import { Tree, variable } from './code';
import { chartsOf, Conversion } from './conversion';
import { JsiiAssemblies } from './jsii-assemblies';
import { pythonString } from './python-names';
import { PythonPrinter, WIDTH } from './python-source';
import { PASSTHROUGH_CHART } from './render';
import { ManifestError } from './values';

/**
 * A cdk8s app in Python (`main.py`, run against the `cdk8s-postgres` Python package) that synthesizes what `render`
 * writes: the same fleet, charts and props as `appSource`'s TypeScript.
 */
export function pythonAppSource(conversion: Conversion, jsii: JsiiAssemblies = JsiiAssemblies.load()): string {
  const py = new PythonPrinter(jsii);
  const construct = (symbol: string, args: Tree[]) => {
    const { fqn, ref } = py.symbol(symbol);
    return py.call(ref, fqn, undefined, args, '');
  };
  const ref = (name: string) => variable(undefined, name);
  const body: string[] = [`app = ${construct('cdk8s-postgres:FleetApp', [])}`];
  if (conversion.fleet) {
    body.push('', '# The operator configuration: defaults every cluster shares.', `fleet = ${construct('cdk8s-postgres:FleetDefaults', [conversion.fleet])}`);
  }
  if (conversion.others.length) {
    body.push('', '# Objects found among the manifests, passed through unchanged.', `other = ${construct('cdk8s:Chart', [ref('app'), PASSTHROUGH_CHART])}`);
    conversion.others.forEach((o, i) => body.push(...passthrough(py, construct, o, i)));
  }
  chartsOf(conversion).forEach((c, i) => {
    const id = c.id === PASSTHROUGH_CHART ? `${c.id}-ns` : c.id;
    body.push('', `chart${i} = ${construct('cdk8s:Chart', [ref('app'), id, ...(c.namespace ? [{ namespace: c.namespace }] : [])])}`);
    for (const cluster of c.clusters) {
      try {
        body.push(construct('cdk8s-postgres:PostgresCluster', [ref(`chart${i}`), cluster.name, cluster.props]));
      } catch (e) {
        throw e instanceof ManifestError ? new ManifestError(`${cluster.source}: ${e.message}`) : e;
      }
    }
  });
  body.push('', 'app.synth()', '');
  return `${header(py.imports)}\n${body.join('\n')}`;
}

/** Metadata fields `ApiObjectMetadata` takes; others go through `metadata.add`. */
const METADATA = ['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'];

/**
 * An object passed through. Python's `ApiObject` takes only apiVersion, kind and metadata: the other top-level
 * fields become JSON patches, which cdk8s applies after sorting the object's keys, so they are given sorted here.
 */
function passthrough(py: PythonPrinter, construct: (symbol: string, args: Tree[]) => string, o: any, i: number): string[] {
  const meta: Record<string, any> = o.metadata ?? {};
  const known = Object.fromEntries(Object.entries(meta).filter(([k]) => METADATA.includes(k)));
  const extraMeta = Object.keys(meta).filter(k => !METADATA.includes(k) && meta[k] !== null);
  const fields = Object.keys(o).filter(k => !['apiVersion', 'kind', 'metadata'].includes(k) && o[k] !== null).sort();
  const props: Record<string, Tree> = { apiVersion: o.apiVersion, kind: o.kind, ...(Object.keys(known).length ? { metadata: plain(known) } : {}) };
  const created = construct('cdk8s:ApiObject', [variable(undefined, 'other'), `object-${i}`, props]);
  if (!extraMeta.length && !fields.length) return [created];
  const name = `object${i}`;
  const patch = py.symbol('cdk8s:JsonPatch').ref;
  return [
    `${name} = ${created}`,
    ...extraMeta.map(k => `${name}.metadata.add(${pythonString(k)}, ${py.value(sorted(meta[k]), undefined, '')})`),
    ...fields.map(k => `${name}.add_json_patch(${patch}.add(${pythonString(`/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)}, ${py.value(sorted(o[k]), undefined, '')}))`),
  ];
}

/** A parsed YAML value as a tree (null members left out, as cdk8s does). */
function plain(v: any): Tree {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, plain(x)]));
  return v ?? undefined;
}

/** A value with its keys in the order cdk8s writes them (sorted at every level), null members left out. */
function sorted(v: any): Tree {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().filter(k => v[k] !== null).map(k => [k, sorted(v[k])]));
  return v ?? undefined;
}

function header(imports: Set<string>): string {
  const byModule = new Map<string, Set<string>>();
  for (const entry of imports) {
    const [module, name] = entry.split(':');
    if (!byModule.has(module)) byModule.set(module, new Set());
    byModule.get(module)!.add(name);
  }
  const order = ['cdk8s', 'cdk8s_plus_28', 'cdk8s_postgres'];
  const lines = [...byModule.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map(module => {
    const names = [...byModule.get(module)!].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    const line = `from ${module} import ${names.join(', ')}`;
    return line.length <= WIDTH ? line : `from ${module} import (\n${names.map(n => `    ${n},\n`).join('')})`;
  });
  return `# Generated by \`cdk8s-postgres convert --language python\` from postgresql manifests; edit freely from here on.\n${lines.join('\n')}\n`;
}
