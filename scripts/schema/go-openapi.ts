/**
 * Reads enum lists and defaults out of k8s.io/kubernetes' generated Go OpenAPI
 * definitions (pkg/generated/openapi/zz_generated.openapi.go).
 *
 * Why: the committed api/openapi-spec/swagger.json and v3/*.json of 1.28 carry
 * no `enum` at all, while the Go file that the API server serves from has an
 * `Enum: []interface{}{...}` for every `+enum` field (restartPolicy, protocol,
 * imagePullPolicy, service type...). Field defaults (ports' protocol "TCP") are
 * there too and complete list-map keys.
 */

import type { Scalar } from './format';

export interface FieldFacts {
  enum?: Scalar[];
  /** the enum is on the array's items rather than on the field */
  itemsEnum?: boolean;
  default?: Scalar;
}

/** definition name (swagger style, io.k8s.api.core.v1.Container) -> field -> facts */
export type GoFacts = Record<string, Record<string, FieldFacts>>;

/** "k8s.io/api/core/v1.Container" -> "io.k8s.api.core.v1.Container" (the swagger naming). */
export function goNameToDefName(goName: string): string {
  const dot = goName.lastIndexOf('.');
  const pkg = goName.slice(0, dot);
  const type = goName.slice(dot + 1);
  const parts = pkg.split('/');
  const host = parts[0].split('.').reverse().join('.');
  return [host, ...parts.slice(1)].join('.').replace(/\//g, '.') + '.' + type;
}

function parseGoLiteral(lit: string): Scalar | undefined {
  const s = lit.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(s)) return JSON.parse(s) as string;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  return undefined;
}

function parseGoList(body: string): Scalar[] {
  const out: Scalar[] = [];
  for (const m of body.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?/g)) {
    const v = parseGoLiteral(m[0]);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/**
 * A line scanner, not a Go parser: the file is machine-generated with a fixed
 * layout, so the definition's top-level properties sit exactly one tab deeper
 * than its first `Properties:` line.
 */
export function parseGoOpenApi(source: string): GoFacts {
  const funcToDef = new Map<string, string>();
  for (const m of source.matchAll(/^\s*"([^"]+)":\s+(schema_\w+)\(ref\),?$/gm)) {
    funcToDef.set(m[2], goNameToDefName(m[1]));
  }

  const facts: GoFacts = {};
  let def: string | undefined;
  let propIndent = -1; // -1: not yet in Properties, -2: done with this definition
  let prop: string | undefined;
  let inItems = false;

  for (const line of source.split('\n')) {
    const fn = /^func (schema_\w+)\(/.exec(line);
    if (fn) {
      def = funcToDef.get(fn[1]);
      propIndent = -1;
      prop = undefined;
      continue;
    }
    if (!def) continue;
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    if (propIndent === -2) continue;
    if (propIndent === -1) {
      if (text.startsWith('Properties: map[string]spec.Schema{')) propIndent = indent + 1;
      continue;
    }
    if (indent < propIndent) {
      // left the top-level Properties map
      if (text.length > 0) {
        propIndent = -2; // only the top-level Properties map of a definition matters
        prop = undefined;
      }
      continue;
    }
    if (indent === propIndent) {
      const key = /^"([^"]+)":\s*\{$/.exec(text);
      prop = key ? key[1] : undefined;
      inItems = false;
      continue;
    }
    if (!prop) continue;
    if (text.startsWith('Items:')) inItems = true;
    const en = /^Enum:\s+\[\]interface\{\}\{(.*)\},?$/.exec(text);
    if (en) {
      const f = ((facts[def] ??= {})[prop] ??= {});
      f.enum = parseGoList(en[1]);
      if (inItems) f.itemsEnum = true;
      continue;
    }
    const dv = /^Default:\s+(.+?),?$/.exec(text);
    if (dv && !inItems) {
      const v = parseGoLiteral(dv[1]);
      if (v !== undefined) ((facts[def] ??= {})[prop] ??= {}).default = v;
    }
  }
  return facts;
}
