/**
 * Walks one object against its schema node, reporting what a strict API server
 * would reject (types, required fields, enums, quantities, unknown fields,
 * duplicate list-map keys), and remembers where interesting definitions
 * (ObjectMeta, PodSpec, LabelSelector...) occur so the semantic rules get exact
 * paths without walking again.
 */

import { emptyMeansUnset } from './empty-enums';
import { IssueSink, describe, field, index, quote } from './issues';
import { isObject } from './json';
import { isQuantity } from './quantity';
import type { SchemaNode } from '../../scripts/schema/format';

/** A place in the object where a given definition was found. */
export interface Occurrence {
  readonly path: string;
  readonly value: any;
  /** position in document order among all recorded occurrences of the object */
  readonly order: number;
}

export type Occurrences = Map<string, Occurrence[]>;

export interface WalkContext {
  readonly defs: Record<string, SchemaNode>;
  readonly sink: IssueSink;
  /** definition names whose occurrences to record */
  readonly interest: ReadonlySet<string>;
  readonly found: Occurrences;
  /** how many occurrences were recorded so far (gives Occurrence.order) */
  recorded: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function walk(value: unknown, node: SchemaNode, path: string, ctx: WalkContext): void {
  if (node.ref !== undefined) {
    const def = ctx.defs[node.ref];
    if (ctx.interest.has(node.ref)) {
      let list = ctx.found.get(node.ref);
      if (!list) ctx.found.set(node.ref, (list = []));
      list.push({ path, value, order: ctx.recorded++ });
    }
    if (!def) return; // a dangling ref is the schema's problem, not the manifest's
    walk(value, def, path, ctx);
    return;
  }
  if (value === null || value === undefined) return; // null is "unset" when decoding
  const sink = ctx.sink;
  switch (node.type) {
    case 'any':
      return;
    case 'quantity':
      if (!isQuantity(value)) {
        sink.add(path, 'schema/quantity', `${describe(value)} is not a quantity (e.g. "1Gi", "500m", "1.5", "2e3"; no spaces, no "GB")`);
      }
      return;
    case 'int-or-string':
      if (typeof value === 'string') return checkString(value, node, path, ctx);
      if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
        return checkNumber(value, node, path, ctx);
      }
      sink.add(path, 'schema/type', `expected an int32 or a string, got ${describe(value)}`);
      return;
    case 'string':
      if (typeof value !== 'string') return sink.add(path, 'schema/type', `expected string, got ${describe(value)}`);
      return checkString(value, node, path, ctx);
    case 'boolean':
      if (typeof value !== 'boolean') sink.add(path, 'schema/type', `expected boolean, got ${describe(value)}`);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return sink.add(path, 'schema/type', `expected integer, got ${describe(value)}`);
      }
      if (node.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
        return sink.add(path, 'schema/type', `${value} does not fit in int32`);
      }
      return checkNumber(value, node, path, ctx);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return sink.add(path, 'schema/type', `expected number, got ${describe(value)}`);
      }
      return checkNumber(value, node, path, ctx);
    case 'array':
      if (!Array.isArray(value)) return sink.add(path, 'schema/type', `expected array, got ${describe(value)}`);
      return walkArray(value, node, path, ctx);
    default:
      // 'object', or a node with props and no type
      if (!isObject(value)) return sink.add(path, 'schema/type', `expected object, got ${describe(value)}`);
      return walkObject(value, node, path, ctx);
  }
}

function walkObject(value: Record<string, unknown>, node: SchemaNode, path: string, ctx: WalkContext): void {
  const props = node.props;
  for (const req of node.required ?? []) {
    if (value[req] === undefined || value[req] === null) {
      ctx.sink.add(field(path, req), 'schema/required', `required field "${req}" is missing`);
    }
  }
  const keys = Object.keys(value);
  if (!props && !node.values) return; // an opaque object (RawExtension, FieldsV1)
  for (const k of keys) {
    const sub = props?.[k] ?? node.values;
    if (sub) {
      walk(value[k], sub, field(path, k), ctx);
    } else if (!node.preserveUnknown) {
      ctx.sink.add(field(path, k), 'schema/unknown-field', `unknown field "${k}"`);
    }
  }
}

function walkArray(value: unknown[], node: SchemaNode, path: string, ctx: WalkContext): void {
  if (node.minItems !== undefined && value.length < node.minItems) {
    ctx.sink.add(path, 'schema/constraint', `must have at least ${node.minItems} items`);
  }
  if (node.maxItems !== undefined && value.length > node.maxItems) {
    ctx.sink.add(path, 'schema/constraint', `must have at most ${node.maxItems} items`);
  }
  if (node.items) {
    for (let i = 0; i < value.length; i++) walk(value[i], node.items, index(path, i), ctx);
  }
  if (node.listType === 'map' && node.listKeys) {
    checkListMapKeys(value, node, path, ctx);
  } else if (node.listType === 'set') {
    const seen = new Set<string>();
    value.forEach((v, i) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) ctx.sink.add(index(path, i), 'schema/duplicate-item', `duplicate entry ${describe(v)} in a set`);
      seen.add(key);
    });
  }
}

/** Server-side apply refuses lists whose map keys repeat (x-kubernetes-list-map-keys). */
function checkListMapKeys(value: unknown[], node: SchemaNode, path: string, ctx: WalkContext): void {
  const keys = node.listKeys!;
  const itemNode = node.items?.ref ? ctx.defs[node.items.ref] : node.items;
  const seen = new Map<string, number>();
  value.forEach((item, i) => {
    if (!isObject(item)) return;
    const tuple = keys.map((k) => item[k] ?? itemNode?.props?.[k]?.default ?? null);
    const key = JSON.stringify(tuple);
    const first = seen.get(key);
    if (first !== undefined) {
      const what = keys.map((k, j) => `${k}=${JSON.stringify(tuple[j])}`).join(', ');
      ctx.sink.add(index(path, i), 'schema/duplicate-key', `duplicate entry for key (${what}); first at ${index(path, first)}`);
    } else {
      seen.set(key, i);
    }
  });
}

function checkString(value: string, node: SchemaNode, path: string, ctx: WalkContext): void {
  const sink = ctx.sink;
  if (node.enum && !node.enum.includes(value) && !(value === '' && emptyMeansUnset(path))) {
    sink.add(path, 'schema/enum', `${quote(value)} is not one of ${node.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (node.format === 'byte' && !BASE64.test(value)) sink.add(path, 'schema/format', 'is not valid base64');
  if (node.format === 'date-time' && !RFC3339.test(value)) sink.add(path, 'schema/format', `${quote(value)} is not an RFC 3339 date-time`);
  if (node.minLength !== undefined && value.length < node.minLength) {
    sink.add(path, 'schema/constraint', `must be at least ${node.minLength} characters`);
  }
  if (node.maxLength !== undefined && value.length > node.maxLength) {
    sink.add(path, 'schema/constraint', `must be at most ${node.maxLength} characters`);
  }
  if (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(value)) {
    sink.add(path, 'schema/constraint', `${quote(value)} does not match ${node.pattern}`);
  }
}

function checkNumber(value: number, node: SchemaNode, path: string, ctx: WalkContext): void {
  if (node.enum && !node.enum.includes(value)) {
    ctx.sink.add(path, 'schema/enum', `${value} is not one of ${node.enum.join(', ')}`);
  }
  if (node.minimum !== undefined && value < node.minimum) ctx.sink.add(path, 'schema/constraint', `must be >= ${node.minimum}`);
  if (node.maximum !== undefined && value > node.maximum) ctx.sink.add(path, 'schema/constraint', `must be <= ${node.maximum}`);
}
