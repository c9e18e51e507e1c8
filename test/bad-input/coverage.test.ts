// Every public prop has at least one bad-input row: the props come from the jsii assembly (see public-props.ts for
// which structs count), the rows from test/bad-input/rows/*.ts.
import { loadRows } from './harness';
import { publicPropPaths, ROOTS } from './public-props';

/**
 * Props for which no value a caller can pass is wrong, each with the reason. A JavaScript caller is not type-checked,
 * but refusing e.g. a non-boolean flag would only restate the type, so such props are exempt rather than checked.
 */
export const EXEMPT: Record<string, string> = {
};

const PATHS = publicPropPaths();
const COVERED = new Set(loadRows().flatMap(r => r.covers));

describe('bad-input coverage of the public props', () => {
  test('the assembly lists the root structs and their nested structs', () => {
    // a broken walk would make the coverage check vacuous
    for (const root of ROOTS) expect(PATHS.filter(p => p.startsWith(`${root}.`)).length).toBeGreaterThan(20);
    expect(PATHS).toEqual(expect.arrayContaining(['S3StorageProps.bucket', 'PostgresSidecarProps.ports', 'WalGOptions.schedule']));
  });

  test('every public prop has a bad-input row or a reasoned exemption', () => {
    expect(PATHS.filter(p => !COVERED.has(p) && !(p in EXEMPT))).toEqual([]);
  });

  test('rows and exemptions name only public props, and no prop is both covered and exempt', () => {
    expect([...COVERED].filter(p => !PATHS.includes(p))).toEqual([]);
    expect(Object.keys(EXEMPT).filter(p => !PATHS.includes(p) || COVERED.has(p))).toEqual([]);
  });
});
