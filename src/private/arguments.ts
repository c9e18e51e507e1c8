import { CONTROL_CHARACTER, fail } from './validation';

/**
 * A container's `command`, `args` or exec probe command: a list of strings without control characters.
 * A newline or NUL would reach the process as one argument that reads like several (or gets cut short).
 */
export function assertArguments(prop: string, values: unknown): void {
  if (values === undefined) return;
  if (!Array.isArray(values)) fail(prop, values, 'a list of strings');
  values.forEach((value, i) => {
    if (typeof value !== 'string' || CONTROL_CHARACTER.test(value)) {
      fail(`${prop}[${i}]`, value, 'a string without control characters (newline, tab, NUL, ...)');
    }
  });
}
