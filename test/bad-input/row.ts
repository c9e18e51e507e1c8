// The shape of one bad-input row. Every file in test/bad-input/rows/ exports `rows: BadInputRow[]`; the runner
// (bad-input.test.ts) and the coverage meta-test (coverage.test.ts) pick up every such file, so a new area only adds a file.
import { FleetDefaultsProps, PostgresClusterProps } from '../../src';

/**
 * A public prop, named as API.md names it: `<Struct>.<property>` with the struct that declares the property
 * (e.g. `PostgresClusterProps.instances`, `S3StorageProps.bucket`, `ConnectionPoolerDefaults.mode`).
 */
export type PropPath = string;

/** What a row builds: cluster `acid-test` of team `acid` in a chart of namespace `db`, with `props` and `fleet`. */
export interface BadInput {
  /** Merged over `{ teamId: 'acid' }`. */
  readonly props?: Partial<PostgresClusterProps>;
  /** Passed as `fleet: new FleetDefaults(fleet)`. */
  readonly fleet?: FleetDefaultsProps;
  /** The chart's namespace; `null` for a chart without one. Default `db`. */
  readonly namespace?: string | null;
}

export interface BadInputRow {
  /** What is wrong, as a test name. */
  readonly title: string;
  /** The props this row gives a bad value; the error must name each of them (see `names`). */
  readonly covers: readonly PropPath[];
  /**
   * Builds the input lazily: a factory (`BackupStorage.s3`, `PostgresVersion.of`, ...) that refuses a value throws
   * here, and that counts as the row's error too.
   */
  readonly input: () => BadInput;
  /** The expected message; the runner also requires a `PostgresValidationError` raised at construction or synth. */
  readonly error: RegExp;
  /**
   * Words the error's subject (the text before the first `: ` after the construct path) must contain instead of the
   * covered props' own names; only for a subject that names the prop another way (e.g. `(secret name)`).
   */
  readonly names?: readonly string[];
  /**
   * Set when the library accepts this input today (a reported bug): says where the fix belongs. The runner then
   * asserts the input is still not refused, so a fix fails the row until this flag is removed.
   */
  readonly knownGap?: string;
}

/** A row in one line: `row('title', ['Struct.prop'], () => ({ props: { ... } }), /message/)`. */
export function row(
  title: string, covers: PropPath | readonly PropPath[], input: () => BadInput, error: RegExp, names?: readonly string[],
): BadInputRow {
  return { title, covers: typeof covers === 'string' ? [covers] : covers, input, error, ...(names ? { names } : {}) };
}

/** A RegExp matching exactly `message` after the construct path `test/acid-test: `. */
export function exactly(message: string): RegExp {
  return new RegExp(`^test/acid-test: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
