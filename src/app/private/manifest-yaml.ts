import * as path from 'path';
import type * as YamlPackage from 'yaml';

/**
 * The `yaml` package cdk8s itself bundles and writes with: its scalar decisions are the ones we must reproduce,
 * whichever version that is, and it adds no dependency of ours.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from cdk8s's own location at runtime
const YAML: typeof YamlPackage = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** The options cdk8s's `Yaml.stringify` passes to the `yaml` package: our output must match it byte for byte. */
const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
const STEP = '  ';

/** A value this writer does not lay out itself; the whole document then goes through the `yaml` package. */
class Unsupported extends Error {}

/** A rendered scalar; a block scalar's body is as written at the top level (content indented by one step). */
interface Scalar { readonly text: string; readonly blockBody?: string }

/**
 * Long strings (scripts, SQL) are remembered only once seen twice in one call: most occur once, and keeping them
 * all alive would cost memory; the few repeated in every cluster (a hook, a query set) are then rendered once.
 */
const MEMO_MAX_LENGTH = 256;

/**
 * Writes Kubernetes manifests as YAML exactly as cdk8s's `Yaml.stringify` does, several times faster.
 *
 * The `yaml` package spends most of its time deciding, for every scalar, whether it may stay plain under the
 * YAML 1.1 schema. Manifests repeat the same keys and values thousands of times, so each distinct scalar is
 * rendered once by the `yaml` package itself (so quoting, block scalars and number formats are its decisions)
 * and only the block layout (indentation, `- ` items, `{}`/`[]`) is written here. Anything outside plain JSON
 * data (undefined, shared references, class instances, -0) sends its document to the `yaml` package unchanged.
 */
export class ManifestYaml {
  private readonly keys = new Map<string, string>();
  private readonly values = new Map<unknown, Scalar>();
  private readonly items = new Map<unknown, Scalar>();
  /** Long strings seen once in the current call, per memo; remembered in `longScalars` on the second sight. */
  private readonly seenOnce = new Map<Map<unknown, Scalar>, Set<string>>();
  private readonly longScalars = new Map<Map<unknown, Scalar>, Map<string, Scalar>>();

  /** Same contract as cdk8s `Yaml.stringify(...docs)`. */
  public stringify(docs: readonly unknown[]): string {
    try {
      return docs.map(doc => (doc === undefined ? '\n' : this.document(doc))).join('---\n');
    } finally {
      this.seenOnce.clear();
      this.longScalars.clear();
    }
  }

  private document(doc: unknown): string {
    try {
      const out: string[] = [];
      const seen = new Set<object>();
      if (isNonEmptyMap(doc)) this.map(doc, '', out, false, seen);
      else if (isNonEmptySeq(doc)) this.seq(doc, '', out, false, seen);
      else throw new Unsupported();
      return out.join('');
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return YAML.stringify(doc, CDK8S_YAML_OPTIONS);
    }
  }

  private map(obj: Record<string, unknown>, indent: string, out: string[], inline: boolean, seen: Set<object>): void {
    enter(obj, seen);
    const keys = Object.keys(obj);
    if (keys.every(key => obj[key] === null)) throw new Unsupported();
    let first = inline;
    for (const key of keys) {
      const lead = first ? '' : indent;
      first = false;
      const value = obj[key];
      const renderedKey = this.key(key);
      if (isNonEmptyMap(value)) {
        out.push(lead, renderedKey, ':\n');
        this.map(value, indent + STEP, out, false, seen);
      } else if (isNonEmptySeq(value)) {
        out.push(lead, renderedKey, ':\n');
        this.seq(value, indent + STEP, out, false, seen);
      } else {
        out.push(lead, renderedKey, ': ', place(this.scalar(value, this.values, renderValue, seen), indent + STEP), '\n');
      }
    }
  }

  private seq(items: readonly unknown[], indent: string, out: string[], inline: boolean, seen: Set<object>): void {
    enter(items, seen);
    for (let i = 0; i < items.length; i++) {
      const lead = i === 0 && inline ? '' : indent;
      const item = items[i];
      if (isNonEmptyMap(item)) {
        out.push(lead, '- ');
        this.map(item, indent + STEP, out, true, seen);
      } else if (isNonEmptySeq(item)) {
        out.push(lead, '- ');
        this.seq(item, indent + STEP, out, true, seen);
      } else {
        out.push(lead, '- ', place(this.scalar(item, this.items, renderItem, seen), indent + STEP), '\n');
      }
    }
  }

  private key(key: string): string {
    let text = this.keys.get(key);
    if (text === undefined) {
      if (DOCUMENT_MARKER.test(key)) throw new Unsupported();
      // A non-null value: the yaml package writes keys of all-null maps differently (those maps are left to it).
      const rendered = YAML.stringify({ [key]: 0 }, CDK8S_YAML_OPTIONS);
      // Explicit (`? `) or multi-line keys are rare enough to leave to the yaml package.
      if (rendered.startsWith('? ') || !rendered.endsWith(': 0\n') || rendered.indexOf('\n') !== rendered.length - 1) throw new Unsupported();
      text = rendered.slice(0, -': 0\n'.length);
      this.keys.set(key, text);
    }
    return text;
  }

  private scalar(value: unknown, memo: Map<unknown, Scalar>, render: (v: unknown) => string, seen: Set<object>): Scalar {
    if (value === null) return NULL;
    const type = typeof value;
    if (type === 'object') {
      enter(value as object, seen);
      return EMPTY[Array.isArray(value) ? 'seq' : checkPlainObject(value as object)];
    }
    if ((type !== 'string' && type !== 'number' && type !== 'boolean') || Object.is(value, -0)) throw new Unsupported();
    const remembered = type !== 'string' || (value as string).length <= MEMO_MAX_LENGTH;
    let scalar = remembered ? memo.get(value) : this.longScalars.get(memo)?.get(value as string);
    if (scalar === undefined) {
      if (type === 'string' && DOCUMENT_MARKER.test(value as string)) throw new Unsupported();
      scalar = type === 'string' && isPlainWord(value as string) ? { text: value as string } : parseScalar(render(value));
      if (remembered) memo.set(value, scalar);
      else this.rememberLong(memo, value as string, scalar);
    }
    return scalar;
  }

  private rememberLong(memo: Map<unknown, Scalar>, value: string, scalar: Scalar): void {
    let once = this.seenOnce.get(memo);
    if (!once) this.seenOnce.set(memo, once = new Set());
    if (!once.has(value)) {
      once.add(value);
      return;
    }
    let long = this.longScalars.get(memo);
    if (!long) this.longScalars.set(memo, long = new Map());
    long.set(value, scalar);
  }
}

/**
 * The yaml package writes a string with `%`, `---` or `...` at a line start (any JavaScript line terminator)
 * differently at each nesting level; such documents are left to it.
 */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const NULL: Scalar = { text: 'null' };

/**
 * Names, paths, URLs, label values and short phrases (a letter or `/` first; letters, digits and `_./-=@+,()%:`;
 * single inner spaces; no `: ` and no trailing `:`) stay plain under YAML 1.1 unless they spell a boolean, null
 * or an exponent-only float (`e5`); the yaml package need not be asked. Tested against it.
 */
const PLAIN_WORD = /^[A-Za-z/][A-Za-z0-9_./=@+,()%:-]*(?: [A-Za-z0-9_./=@+,()%:-]+)*$/;
const COLON_SPACE = /:(?: |$)/;
const YAML11_WORDS = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
const EXPONENT = /^[eE][-+]?[0-9]+$/;

/** @internal exported for tests */
export function isPlainWord(value: string): boolean {
  return PLAIN_WORD.test(value) && !COLON_SPACE.test(value) && !YAML11_WORDS.has(value.toLowerCase()) && !EXPONENT.test(value);
}
const EMPTY = { map: { text: '{}' }, seq: { text: '[]' } } as const;

function renderValue(value: unknown): string {
  return YAML.stringify({ k: value }, CDK8S_YAML_OPTIONS).slice('k: '.length);
}

function renderItem(value: unknown): string {
  return YAML.stringify([value], CDK8S_YAML_OPTIONS).slice('- '.length);
}

/** A scalar rendered at the top level: one line, or a block scalar header and lines indented by one step. */
function parseScalar(rendered: string): Scalar {
  const text = rendered.slice(0, -1);
  const firstBreak = text.indexOf('\n');
  if (firstBreak < 0) return { text };
  const blockBody = text.slice(firstBreak);
  // Only block scalars (`|`, `>`) whose every non-empty line carries the step indentation are moved.
  if (!/^[|>]/.test(text) || /\n(?!\n|$| {2})/.test(blockBody)) throw new Unsupported();
  return { text: text.slice(0, firstBreak), blockBody };
}

/**
 * A block scalar's lines move with the collection they sit in. The yaml package leaves inner empty lines empty but
 * indents leading ones (they arrive here as lines of spaces), so only non-empty lines get the extra indentation.
 */
function place(scalar: Scalar, contentIndent: string): string {
  if (scalar.blockBody === undefined) return scalar.text;
  if (contentIndent.length === STEP.length) return scalar.text + scalar.blockBody;
  return scalar.text + scalar.blockBody.replace(/\n(?=[^\n])/g, '\n' + contentIndent.slice(STEP.length));
}

function checkPlainObject(value: object): 'map' {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Unsupported();
  return 'map';
}

function isNonEmptyMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  checkPlainObject(value);
  for (const _ in value) return true;
  return false;
}

function isNonEmptySeq(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** The yaml package writes an anchor and alias for an object met twice; leave such documents to it. */
function enter(value: object, seen: Set<object>): void {
  if (seen.has(value)) throw new Unsupported();
  seen.add(value);
}
