import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { gunzipSync } from 'zlib';

/** A jsii type reference (`.jsii` schema): a primitive, a named type, or an array or map of one. */
export interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeRef };
}

export interface Parameter {
  readonly name: string;
  readonly type: TypeRef;
}

/** The packages whose types the converted app uses; our own is found from this file's location. */
const DEPENDENCIES = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
const OWN = 'cdk8s-postgres';

/**
 * The types of our assembly and of the dependencies' (`.jsii`, written by `jsii`, shipped in each package): what
 * another language's printer needs to know about a value, since the props trees carry no types.
 */
export class JsiiAssemblies {
  /** Reads the assemblies of this package and its dependencies (the package's `.jsii`: after `projen compile`). */
  public static load(): JsiiAssemblies {
    const root = packageRoot(__dirname);
    const files = [join(root, '.jsii'), ...DEPENDENCIES.map(d => join(dirname(require.resolve(`${d}/package.json`, { paths: [root] })), '.jsii'))];
    return new JsiiAssemblies(files.map(readAssembly));
  }

  private readonly types = new Map<string, any>();
  private readonly modules = new Map<string, string>();

  constructor(assemblies: any[]) {
    for (const a of assemblies) {
      this.modules.set(a.name, a.targets?.python?.module ?? a.name);
      for (const [fqn, t] of Object.entries(a.types ?? {})) this.types.set(fqn, t);
    }
  }

  /** The Python module of an assembly (`cdk8s-plus-28`: `cdk8s_plus_28`). */
  public pythonModule(assembly: string): string {
    const m = this.modules.get(assembly);
    if (!m) throw new Error(`no jsii assembly '${assembly}' loaded`);
    return m;
  }

  public type(fqn: string): any {
    const t = this.types.get(fqn);
    if (!t) throw new Error(`no jsii type '${fqn}' (run npx projen compile if it is ours)`);
    return t;
  }

  public isStruct(fqn: string): boolean {
    const t = this.types.get(fqn);
    return t?.kind === 'interface' && t.datatype === true;
  }

  /** A struct's properties, inherited ones included, by name. */
  public structProperties(fqn: string): Map<string, TypeRef> {
    const out = new Map<string, TypeRef>();
    const visit = (f: string) => {
      const t = this.type(f);
      for (const base of t.interfaces ?? []) visit(base);
      for (const p of t.properties ?? []) out.set(p.name, p.type);
    };
    visit(fqn);
    return out;
  }

  /** Parameters of a static method or, without a method, of the constructor (found on base classes too). */
  public parameters(fqn: string, method?: string): Parameter[] {
    for (let t = this.type(fqn); t; t = t.base ? this.type(t.base) : undefined) {
      if (method === undefined && t.initializer) return t.initializer.parameters ?? [];
      const m = method === undefined ? undefined : (t.methods ?? []).find((x: any) => x.name === method);
      if (m) return m.parameters ?? [];
    }
    throw new Error(`jsii type '${fqn}' has no ${method === undefined ? 'constructor' : `method '${method}'`}`);
  }

  /** Whether a static member of a class is a constant (Python spells those in capitals), not an enum member. */
  public isConstant(fqn: string, name: string): boolean {
    const t = this.type(fqn);
    return t.kind === 'class' && (t.properties ?? []).some((p: any) => p.name === name && p.const);
  }
}

/** The directory of this package's package.json (src/ in a clone, lib/ in the package, both one level down). */
function packageRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === OWN) return dir;
  }
  throw new Error(`no ${OWN} package.json above ${from}`);
}

/** An assembly file, following jsii's redirect to a compressed copy. */
function readAssembly(file: string): any {
  if (!existsSync(file)) throw new Error(`no jsii assembly at ${file} (run npx projen compile)`);
  const a = JSON.parse(readFileSync(file, 'utf8'));
  if (a.schema !== 'jsii/file-redirect') return a;
  const target = readFileSync(join(dirname(file), a.filename));
  return JSON.parse((a.compression === 'gzip' ? gunzipSync(target) : target).toString('utf8'));
}
