/**
 * A props value built by code (a `Size`, a `PostgresVersion`, a `k8s.Quantity`...): its runtime value and the
 * TypeScript that builds it. The mapping builds one tree of plain values and `Code` leaves; `render` takes the
 * values, `convert` prints the source, so the two cannot disagree.
 */
export class Code {
  constructor(
    public readonly value: unknown,
    public readonly source: string,
    /** `module:name` pairs the source needs, e.g. `cdk8s:Size`. */
    public readonly imports: readonly string[] = [],
  ) {}
}

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

/** Every `module:name` import a tree's source needs. */
export function importsOf(tree: Tree, into: Set<string> = new Set()): Set<string> {
  if (tree instanceof Code) tree.imports.forEach(i => into.add(i));
  else if (Array.isArray(tree)) tree.forEach(t => importsOf(t, into));
  else if (tree !== null && typeof tree === 'object') Object.values(tree).forEach(t => importsOf(t, into));
  return into;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** TypeScript source of a tree, as an expression indented for `indent` (two spaces per level). */
export function sourceOf(tree: Tree, indent: string = ''): string {
  if (tree instanceof Code) return tree.source;
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
