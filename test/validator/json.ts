/** Narrowing helpers for untyped manifest JSON. */

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value if it is an array, else an empty one (rules skip what the schema walk already reported). */
export function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
