/** Narrowing helpers for untyped manifest JSON. */

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value if it is an array, else an empty one (rules skip what the schema walk already reported). */
export function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** Keys of an object whose values are set (not null/undefined). */
export function setKeys(o: Record<string, any>, except: readonly string[] = []): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null && !except.includes(k));
}
