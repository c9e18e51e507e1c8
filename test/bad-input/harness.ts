// Loads every rows file and runs one row: the cluster `acid-test` is constructed and synthesized, and the error it
// throws is returned for the runner to judge.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { BadInput, BadInputRow } from './row';
import { FleetDefaults, PostgresCluster } from '../../src';

const ROWS_DIR = path.join(__dirname, 'rows');
/** The construct path every cluster-level error starts with. */
export const CONSTRUCT_PATH = 'test/acid-test';

/** Every `rows` export of test/bad-input/rows/*.ts, with the file each came from. */
export function loadRows(): Array<BadInputRow & { file: string }> {
  return fs.readdirSync(ROWS_DIR)
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .flatMap(file => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(ROWS_DIR, file));
      if (!Array.isArray(mod.rows)) throw new Error(`test/bad-input/rows/${file} exports no rows: BadInputRow[]`);
      return (mod.rows as BadInputRow[]).map(r => ({ ...r, file }));
    });
}

/** Builds and synthesizes the row's cluster; returns what was thrown, or undefined when nothing was. */
export function thrownBy(input: () => BadInput): unknown {
  try {
    const { props, fleet, namespace } = input();
    const chart = new Chart(Testing.app(), 'test', namespace === null ? {} : { namespace: namespace ?? 'db' });
    new PostgresCluster(chart, 'acid-test', { teamId: 'acid', ...(fleet ? { fleet: new FleetDefaults(fleet) } : {}), ...props });
    Testing.synth(chart);
    return undefined;
  } catch (e) {
    return e;
  }
}

/** The part of a message that names the prop(s): after the construct path, before the first `: `. */
export function subjectOf(message: string): string {
  const rest = message.startsWith(`${CONSTRUCT_PATH}: `) ? message.slice(CONSTRUCT_PATH.length + 2) : message;
  const colon = rest.indexOf(': ');
  return colon < 0 ? rest : rest.slice(0, colon);
}

/** Whether `subject` contains `word` as a whole identifier (not inside a longer one). */
export function names(subject: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(subject);
}
