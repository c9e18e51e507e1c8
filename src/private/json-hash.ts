import { Hash } from 'crypto';

/**
 * JSON-escaped UTF-8 bytes of large strings that recur in many hash inputs (SQL helpers, scripts):
 * escaping and encoding them once per process instead of once per object keeps the digests the same.
 */
const escapedConstants = new Map<string, Buffer>();

/** Registers strings whose escaped bytes updateJsonLines() reuses. */
export function registerHashConstants(...values: readonly string[]): void {
  for (const v of values) escapedConstants.set(v, Buffer.from(JSON.stringify(v).slice(1, -1)));
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Feeds `hash` exactly the bytes of `JSON.stringify(lines.join('\n'))` without building that string:
 * JSON escapes each character on its own, so the escaped lines joined by an escaped newline are the
 * same text (a surrogate pair never spans two lines: the newline separates them).
 */
export function updateJsonLines(hash: Hash, lines: readonly string[]): Hash {
  let pending = '"';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i > 0) pending += '\\n';
    const known = escapedConstants.get(line);
    if (known !== undefined) {
      hash.update(pending);
      hash.update(known);
      pending = '';
    } else {
      // Most lines need no escaping, and the test is much cheaper than JSON.stringify.
      pending += NEEDS_ESCAPE.test(line) ? JSON.stringify(line).slice(1, -1) : line;
    }
  }
  return hash.update(pending + '"');
}
