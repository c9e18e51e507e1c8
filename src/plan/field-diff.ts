/** One field that differs between two versions of an object, `before`/`after` undefined when absent. */
export interface FieldDifference {
  /** A readable path: `spec.template.spec.containers[postgres].env[PGVERSION].value`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lists of objects that all carry a distinct `name` (containers, env, volumes, ports) are compared by name. */
function namedItems(list: unknown[]): Map<string, unknown> | undefined {
  if (!list.length || !list.every(i => isObject(i) && typeof i.name === 'string')) return undefined;
  const map = new Map(list.map(i => [(i as { name: string }).name, i]));
  return map.size === list.length ? map : undefined;
}

const keyPart = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `['${key}']`);

/**
 * Every leaf that differs between two JSON values, in document order: objects key by key, named lists by name,
 * other lists index by index (a list of a different length of scalars counts as one difference).
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldDifference[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap(k => diffFields(before[k], after[k], `${path}${keyPart(k)}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = namedItems(before);
    const a = namedItems(after);
    if (b && a) {
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap(n => diffFields(b.get(n), a.get(n), `${path}[${n}]`));
    }
    if (before.length === after.length && before.some(isObject)) {
      return before.flatMap((item, i) => diffFields(item, after[i], `${path}[${i}]`));
    }
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path.replace(/^\./, ''), before, after }];
}

/** A short rendering of a value for a report line. */
export function shortValue(v: unknown, max = 60): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
