/**
 * Derives the compact Kubernetes schema used by test/validator from the
 * k8s.io/kubernetes Go module (fetched with `go mod download`, so it comes from
 * the Go module proxy and lands in the Go module cache). Nothing upstream is
 * committed: the output is a cache file outside git.
 *
 *   npx ts-node scripts/schema/generate.ts [outFile]
 *
 * Inputs inside the module:
 *   api/openapi-spec/swagger.json                  types, required, list types, GVKs, scope (paths)
 *   pkg/generated/openapi/zz_generated.openapi.go  enums and defaults (absent from the JSON specs in 1.28)
 */

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DerivedSchema, K8S_VERSION, KindInfo, SCHEMA_FORMAT, SchemaNode, kindKey } from './format';
import { GoFacts, parseGoOpenApi } from './go-openapi';

const MODULE = `k8s.io/kubernetes@v${K8S_VERSION}`;
const REF_PREFIX = '#/definitions/';

/** Where the validator keeps the derived schema unless CDK8S_PG_SCHEMA names a file. */
export function defaultSchemaFile(): string {
  if (process.env.CDK8S_PG_SCHEMA) return process.env.CDK8S_PG_SCHEMA;
  const cache = process.env.CDK8S_PG_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-postgres');
  return path.join(cache, 'schema', `k8s-${K8S_VERSION}.f${SCHEMA_FORMAT}.json`);
}

function goBinary(): string {
  if (process.env.GO) return process.env.GO;
  // CI shells do not always have the Go toolchain's directory on PATH
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  if (fs.existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('cannot derive the Kubernetes schema: no `go` toolchain found (set GO or PATH)');
}

/** Downloads (or finds in the module cache) k8s.io/kubernetes and returns its directory. */
export function moduleDir(): string {
  return goModuleDir(MODULE);
}

/** Downloads (or finds in the module cache) a Go module `path@version` and returns its directory. */
export function goModuleDir(module: string): string {
  const out = execFileSync(goBinary(), ['mod', 'download', '-json', module], {
    // outside any go.mod, so a module in the working tree cannot change what is resolved
    cwd: os.tmpdir(),
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const info = JSON.parse(out) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? out}`);
  return info.Dir;
}

type Swagger = {
  definitions: Record<string, any>;
  paths: Record<string, Record<string, any>>;
};

/**
 * Closed sets the API server validates although their Go types carry no
 * +enum marker in 1.28, so neither the specs nor the Go definitions list them.
 * Values from the API types (k8s.io/api); applied to the array items.
 */
const ITEM_ENUMS: Record<string, Record<string, string[]>> = {
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] },
  'io.k8s.api.core.v1.ServiceSpec': { ipFamilies: ['IPv4', 'IPv6'] },
  'io.k8s.api.networking.v1.NetworkPolicySpec': { policyTypes: ['Ingress', 'Egress'] },
};

function addItemEnums(defs: Record<string, SchemaNode>): void {
  for (const [def, fields] of Object.entries(ITEM_ENUMS)) {
    for (const [name, values] of Object.entries(fields)) {
      const items = defs[def]?.props?.[name]?.items;
      if (!items) throw new Error(`schema drift: ${def}.${name} is not an array any more`);
      items.enum = values;
    }
  }
}

/** Definitions whose JSON shape is not what their swagger entry says. */
function specialNode(name: string): SchemaNode | undefined {
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return { type: 'quantity' };
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return { type: 'int-or-string' };
  if (name.startsWith('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON') && name !== 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps') {
    return { type: 'any' };
  }
  return undefined;
}

function convert(s: any, facts: GoFacts[string] | undefined, field: string | undefined): SchemaNode {
  if (s.$ref) return { ref: String(s.$ref).slice(REF_PREFIX.length) };
  const n: SchemaNode = {};
  if (s.type) n.type = s.type;
  if (s.format) n.format = s.format;
  if (s.properties) {
    n.props = {};
    for (const [k, v] of Object.entries<any>(s.properties)) n.props[k] = convert(v, facts, k);
  }
  if (Array.isArray(s.required) && s.required.length) n.required = [...s.required];
  if (s.items) n.items = convert(s.items, undefined, undefined);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    n.values = convert(s.additionalProperties, undefined, undefined);
  } else if (s.additionalProperties === true) {
    n.values = { type: 'any' };
  }
  if (s['x-kubernetes-list-type']) n.listType = s['x-kubernetes-list-type'];
  if (s['x-kubernetes-list-map-keys']) n.listKeys = [...s['x-kubernetes-list-map-keys']];
  const f = field !== undefined ? facts?.[field] : undefined;
  if (f?.enum) {
    if (f.itemsEnum && n.items) n.items.enum = f.enum;
    else n.enum = f.enum;
  }
  if (f?.default !== undefined) n.default = f.default;
  if (!n.type && !n.props) n.type = 'any';
  return n;
}

/** Creatable kinds and their scope, read from the collection POST operations. */
function collectKinds(sw: Swagger): Record<string, KindInfo> {
  const byGvk = new Map<string, string>();
  for (const [name, def] of Object.entries<any>(sw.definitions)) {
    const gvks: any[] = def['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.length !== 1) continue; // shared meta types (DeleteOptions, WatchEvent)
    byGvk.set(JSON.stringify([gvks[0].group, gvks[0].version, gvks[0].kind]), name);
  }
  const kinds: Record<string, KindInfo> = {};
  for (const [p, ops] of Object.entries(sw.paths)) {
    const post = ops.post;
    const gvk = post?.['x-kubernetes-group-version-kind'];
    if (!gvk || /\{name\}/.test(p)) continue; // subresources (eviction, token...) are not objects
    const def = byGvk.get(JSON.stringify([gvk.group, gvk.version, gvk.kind]));
    if (!def) continue;
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    kinds[kindKey(apiVersion, gvk.kind)] = { def, namespaced: p.includes('{namespace}') };
  }
  return kinds;
}

export function deriveSchema(dir: string): DerivedSchema {
  const sw = JSON.parse(fs.readFileSync(path.join(dir, 'api', 'openapi-spec', 'swagger.json'), 'utf8')) as Swagger;
  const goFile = path.join(dir, 'pkg', 'generated', 'openapi', 'zz_generated.openapi.go');
  const facts = parseGoOpenApi(fs.readFileSync(goFile, 'utf8'));
  const defs: Record<string, SchemaNode> = {};
  for (const [name, def] of Object.entries<any>(sw.definitions)) {
    defs[name] = specialNode(name) ?? convert(def, facts[name], undefined);
  }
  addItemEnums(defs);
  return { format: SCHEMA_FORMAT, source: MODULE, defs, kinds: collectKinds(sw) };
}

/** Derives the schema and writes it atomically (parallel jest workers may race here). */
export function generateSchema(outFile: string = defaultSchemaFile()): DerivedSchema {
  const schema = deriveSchema(moduleDir());
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(schema));
  fs.renameSync(tmp, outFile);
  return schema;
}

if (require.main === module) {
  const out = process.argv[2] ?? defaultSchemaFile();
  const t0 = Date.now();
  const s = generateSchema(out);
  console.log(`${out}: ${Object.keys(s.defs).length} definitions, ${Object.keys(s.kinds).length} kinds (${Date.now() - t0} ms)`);
}
