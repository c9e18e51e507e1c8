/** Words Python reserves: jsii appends `_` to a name that is one (`from` becomes `from_`). */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * The Python name jsii gives a property, parameter or method (`maxDBConnections`: `max_db_connections`,
 * `hugepages2Mi`: `hugepages2_mi`, `sizeGiB`: `size_gib`). The unit test compares it with jsii's own on every name
 * of the assemblies the converted app uses.
 */
export function pythonName(name: string): string {
  // KiB, MiB and GiB stay one word, as in jsii.
  let s = name.replace(/(^|[^A-Z])(KiB|MiB|GiB)($|[^a-z])/g, (_, before, unit, after) => `${before}${unit[0]}${unit.slice(1).toLowerCase()}${after}`);
  if (s.length >= 2) {
    s = s.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1_$2').replace(/(\p{Lu})(\p{Lu}\p{Ll}+)/gu, '$1_$2');
  }
  s = s.toLowerCase();
  return KEYWORDS.has(s) ? `${s}_` : s;
}

/** A double-quoted Python string literal (UTF-8 source; control and line-separator characters escaped). */
export function pythonString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
