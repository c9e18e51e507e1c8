/**
 * JSON carried in an env value, laid out for review: a pull request that changes one setting shows a one-line diff
 * instead of a rewritten 250-character line. Still JSON (and so YAML), read the same by Spilo's YAML loader and
 * Python's json module; key order is the caller's.
 */
export function reviewableJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A list as JSON with one entry per line (each entry compact): adding or changing one entry is a one-line diff. */
export function jsonLines(entries: readonly unknown[]): string {
  return entries.length === 0 ? '[]' : `[\n${entries.map(e => JSON.stringify(e)).join(',\n')}\n]`;
}
