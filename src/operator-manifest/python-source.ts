import { Code, Expr, splitSymbol, Tree } from './code';
import { JsiiAssemblies, Parameter, TypeRef } from './jsii-assemblies';
import { pythonName, pythonString } from './python-names';
import { ManifestError } from './values';

/** Longest line the printer puts a call, list or dict on before breaking it up, one item a line. */
export const WIDTH = 100;

/**
 * Python source of props trees, as jsii's Python bindings take them: snake_case keyword arguments for a struct
 * that ends a parameter list, struct classes elsewhere (a dict inside a list would reach the library with its keys
 * as written), enums as `Enum.MEMBER`, static factories in snake_case, maps as dicts. The trees carry no types, so
 * the printer follows the jsii assemblies from the parameter each value is passed to.
 */
export class PythonPrinter {
  /** `module:name` pairs the source needs (`cdk8s:Size`, `cdk8s_plus_28:k8s`). */
  public readonly imports = new Set<string>();

  constructor(private readonly jsii: JsiiAssemblies) {}

  /** A symbol of the model (`cdk8s-plus-28:k8s.Quantity`): its jsii fqn and how the source names it. */
  public symbol(symbol: string): { fqn: string; ref: string } {
    const { module, name } = splitSymbol(symbol);
    this.imports.add(`${this.jsii.pythonModule(module)}:${name.split('.')[0]}`);
    return { fqn: `${module}.${name}`, ref: name };
  }

  /** A call of a constructor (no method) or static method with positional arguments and, last, a struct. */
  public call(callee: string, fqn: string, method: string | undefined, args: Tree[], indent: string): string {
    return this.invoke(callee, this.jsii.parameters(fqn, method), args, indent);
  }

  /** A value of the given type (undefined: untyped JSON, printed as written). */
  public value(tree: Tree, type: TypeRef | undefined, indent: string): string {
    if (tree instanceof Code) return this.expression(tree.expr, indent);
    if (typeof tree === 'string') return pythonString(tree);
    if (typeof tree === 'boolean') return tree ? 'True' : 'False';
    if (typeof tree === 'number') {
      if (!Number.isFinite(tree)) throw new ManifestError(`--language python: ${tree} has no JSON form`);
      return String(tree);
    }
    if (tree === undefined || tree === null) return 'None';
    const inner = `${indent}    `;
    if (Array.isArray(tree)) {
      const element = type?.collection?.kind === 'array' ? type.collection.elementtype : undefined;
      return wrap('[', tree.map(t => this.value(t, element, inner)), ']', indent);
    }
    if (type?.fqn && this.jsii.isStruct(type.fqn)) return this.struct(type.fqn, tree, indent);
    if (type?.fqn) throw new ManifestError(`--language python: a plain object where ${type.fqn} is expected`);
    const element = type?.collection?.kind === 'map' ? type.collection.elementtype : undefined;
    const entries = Object.entries(tree).filter(([, v]) => v !== undefined);
    return wrap('{', entries.map(([k, v]) => `${pythonString(k)}: ${this.value(v, element, inner)}`), '}', indent);
  }

  private expression(e: Expr, indent: string): string {
    if (e.kind === 'variable') return e.name;
    const { fqn, ref } = this.symbol(e.symbol);
    if (e.kind === 'member') return `${ref}.${this.jsii.isConstant(fqn, e.member) ? pythonName(e.member).toUpperCase() : e.member}`;
    if (e.kind === 'new') return this.call(ref, fqn, undefined, e.args, indent);
    return this.call(`${ref}.${pythonName(e.method)}`, fqn, e.method, e.args, indent);
  }

  /** A struct given as its class: `Name(key=value, ...)`. */
  private struct(fqn: string, tree: Record<string, Tree>, indent: string): string {
    const t = this.jsii.type(fqn);
    const { ref } = this.symbol(`${t.assembly}:${t.namespace ? `${t.namespace}.` : ''}${t.name}`);
    return wrap(`${ref}(`, this.keywords(fqn, tree, `${indent}    `), ')', indent);
  }

  private keywords(fqn: string, tree: Record<string, Tree>, indent: string): string[] {
    const props = this.jsii.structProperties(fqn);
    return Object.entries(tree).filter(([, v]) => v !== undefined).map(([k, v]) => {
      const type = props.get(k);
      // render leaves such a field out (the Kubernetes types write only their own fields); Python refuses it.
      if (!type) throw new ManifestError(`--language python: '${k}' is not a field of ${fqn}`);
      return `${pythonName(k)}=${this.value(v, type, indent)}`;
    });
  }

  private invoke(callee: string, params: Parameter[], args: Tree[], indent: string): string {
    const inner = `${indent}    `;
    const parts = args.map((arg, i) => {
      const param = params[i];
      const last = i === params.length - 1;
      // jsii lifts a struct that ends the parameter list into keyword arguments.
      if (last && param?.type.fqn && this.jsii.isStruct(param.type.fqn) && isPlainObject(arg)) return this.keywords(param.type.fqn, arg, inner);
      return [this.value(arg, param?.type, inner)];
    }).flat();
    return wrap(`${callee}(`, parts, ')', indent);
  }
}

function isPlainObject(t: Tree): t is Record<string, Tree> {
  return t !== null && typeof t === 'object' && !Array.isArray(t) && !(t instanceof Code);
}

/** Items on one line if they fit, else one a line, each followed by a comma. */
function wrap(open: string, items: string[], close: string, indent: string): string {
  const oneLine = `${open}${items.join(', ')}${close}`;
  if (items.length === 0 || (indent.length + oneLine.length <= WIDTH && !oneLine.includes('\n'))) return oneLine;
  return `${open}\n${items.map(i => `${indent}    ${i},\n`).join('')}${indent}${close}`;
}
