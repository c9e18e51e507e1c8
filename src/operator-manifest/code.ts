/**
 * How a props value is built, in terms every jsii language can print: a symbol is `module:Name` (`cdk8s:Size`,
 * `cdk8s-plus-28:k8s.Quantity`, a dotted name for a submodule's type), as jsii names it.
 */
export type Expr =
  /** An enum member or a class's static constant: `UserFlag.CREATEDB`, `PostgresVersion.V17`. */
  | { readonly kind: 'member'; readonly symbol: string; readonly member: string }
  /** A static factory: `Size.gibibytes(10)`, `BackupStorage.s3({...})`. */
  | { readonly kind: 'call'; readonly symbol: string; readonly method: string; readonly args: Tree[] }
  /** A constructor: `new PostgresSidecar({...})`. */
  | { readonly kind: 'new'; readonly symbol: string; readonly args: Tree[] }
  /** A variable the app declares (`fleet`). */
  | { readonly kind: 'variable'; readonly name: string };

/**
 * A props value built by code (a `Size`, a `PostgresVersion`, a `k8s.Quantity`...): its runtime value and how to
 * build it. The mapping builds one tree of plain values and `Code` leaves; `render` takes the values, `convert`
 * prints the expressions (TypeScript here, Python in python-source.ts), so they cannot disagree.
 */
export class Code {
  constructor(public readonly value: unknown, public readonly expr: Expr) {}
}

export const member = (value: unknown, symbol: string, name: string) => new Code(value, { kind: 'member', symbol, member: name });
export const call = (value: unknown, symbol: string, method: string, ...args: Tree[]) => new Code(value, { kind: 'call', symbol, method, args });
export const construct = (value: unknown, symbol: string, ...args: Tree[]) => new Code(value, { kind: 'new', symbol, args });
export const variable = (value: unknown, name: string) => new Code(value, { kind: 'variable', name });

/** A tree of plain JSON values and `Code` leaves. */
export type Tree = Code | string | number | boolean | undefined | Tree[] | { [key: string]: Tree };

/** The runtime value of a tree: every `Code` leaf replaced by its value, undefined members left out. */
export function valueOf(tree: Tree): any {
  if (tree instanceof Code) return tree.value;
  if (Array.isArray(tree)) return tree.map(valueOf);
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tree)) if (v !== undefined) out[k] = valueOf(v);
    return out;
  }
  return tree;
}

/** `module` and `name` of a symbol (`cdk8s-plus-28:k8s.Quantity`: `cdk8s-plus-28`, `k8s.Quantity`). */
export function splitSymbol(symbol: string): { module: string; name: string } {
  const i = symbol.lastIndexOf(':');
  return { module: symbol.slice(0, i), name: symbol.slice(i + 1) };
}

/** Every `module:name` import a tree's source needs (a submodule's type needs the submodule: `cdk8s-plus-28:k8s`). */
export function importsOf(tree: Tree, into: Set<string> = new Set()): Set<string> {
  if (tree instanceof Code) {
    const e = tree.expr;
    if (e.kind !== 'variable') {
      const { module, name } = splitSymbol(e.symbol);
      into.add(`${module}:${name.split('.')[0]}`);
    }
    if (e.kind === 'call' || e.kind === 'new') e.args.forEach(a => importsOf(a, into));
  } else if (Array.isArray(tree)) {
    tree.forEach(t => importsOf(t, into));
  } else if (tree !== null && typeof tree === 'object') {
    Object.values(tree).forEach(t => importsOf(t, into));
  }
  return into;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** TypeScript source of an expression. */
function expressionSource(e: Expr, indent: string): string {
  if (e.kind === 'variable') return e.name;
  const type = splitSymbol(e.symbol).name;
  if (e.kind === 'member') return `${type}.${e.member}`;
  const args = e.args.map(a => sourceOf(a, indent)).join(', ');
  return e.kind === 'new' ? `new ${type}(${args})` : `${type}.${e.method}(${args})`;
}

/** TypeScript source of a tree, as an expression indented for `indent` (two spaces per level). */
export function sourceOf(tree: Tree, indent: string = ''): string {
  if (tree instanceof Code) return expressionSource(tree.expr, indent);
  if (typeof tree === 'string') return quote(tree);
  if (typeof tree === 'number' || typeof tree === 'boolean') return String(tree);
  const inner = `${indent}  `;
  if (Array.isArray(tree)) {
    if (tree.length === 0) return '[]';
    const items = tree.map(t => sourceOf(t, inner));
    const oneLine = `[${items.join(', ')}]`;
    return oneLine.length <= 80 && !oneLine.includes('\n') ? oneLine : `[\n${items.map(i => `${inner}${i},\n`).join('')}${indent}]`;
  }
  if (tree !== null && typeof tree === 'object') {
    const entries = Object.entries(tree).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : quote(k)}: ${sourceOf(v, inner)},\n`);
    return `{\n${lines.join('')}${indent}}`;
  }
  return 'undefined';
}

/** A single-quoted TypeScript string literal. */
export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
