// "Every field we sent comes back with the same value": a deep subset comparison of a manifest against the
// object the server returns. The only normalisation accepted is a Kubernetes quantity rewritten to an equal value
// (the server canonicalises "1000m" to "1", 0.5 to "500m"); anything else is reported with its path.

export interface Difference {
  readonly path: string;
  readonly sent: unknown;
  readonly got: unknown;
}

export interface SubsetResult {
  /** Values that came back different or not at all. */
  readonly differences: Difference[];
  /** Empty or zero values we sent ({} [] null 0 false "") that the server omitted (omitempty): noted for the report. */
  readonly dropped: string[];
}

interface Rational { n: bigint; d: bigint }

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;

/** Exact value of a Kubernetes quantity (resource.Quantity syntax), or undefined if it is not one. */
export function parseQuantity(value: unknown): Rational | undefined {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const [, sign, mantissa, bin, dec, exp] = m;
  const [int, frac = ''] = mantissa.split('.');
  let n = BigInt((int || '0') + frac) * (sign === '-' ? -1n : 1n);
  let d = 10n ** BigInt(frac.length);
  if (bin) n *= 1024n ** BigInt(BINARY[bin]);
  const e = dec ? DECIMAL[dec] : exp ? Number(exp) : 0;
  if (e >= 0) n *= 10n ** BigInt(e); else d *= 10n ** BigInt(-e);
  return { n, d };
}

export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return !!x && !!y && x.n * y.d === y.n * x.d;
}

// Where Kubernetes objects carry resource.Quantity values (resource lists, emptyDir.sizeLimit).
const QUANTITY_PATH = /(^|\.)(limits|requests|capacity|hard|overhead|allocatable|minimum|maximum)(\.|\[)|\.sizeLimit$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Go's `omitempty` leaves zero values out of the server's answer: 0, false and "" as well as empty lists and maps.
const isEmpty = (v: unknown) => v === null || v === 0 || v === false || v === ''
  || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

function key(path: string, k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`;
}

export function subsetDiff(sent: unknown, got: unknown, path = ''): SubsetResult {
  const differences: Difference[] = [];
  const dropped: string[] = [];
  const walk = (s: unknown, g: unknown, p: string): void => {
    if (g === undefined && isEmpty(s)) { dropped.push(p); return; }
    if (isObject(s) && isObject(g)) {
      for (const k of Object.keys(s)) walk(s[k], g[k], key(p, k));
      return;
    }
    if (Array.isArray(s) && Array.isArray(g)) {
      if (s.length !== g.length) differences.push({ path: `${p}.length`, sent: s.length, got: g.length });
      s.forEach((v, i) => walk(v, g[i], `${p}[${i}]`));
      return;
    }
    if (s === g) return;
    // Only strings the server rewrote qualify. A number comes back as a string only where the field is a quantity
    // (cdk8s emits Quantity.fromNumber(1) as 1); elsewhere number → string is a real type change and reported.
    if (typeof g === 'string' && quantitiesEqual(s, g) && (typeof s === 'string' || QUANTITY_PATH.test(p))) return;
    differences.push({ path: p, sent: s, got: g });
  };
  walk(sent, got, path);
  return { differences, dropped };
}

export function formatDifferences(diffs: Difference[]): string {
  return diffs.map(d => `  ${d.path}: sent ${JSON.stringify(d.sent)}, got ${JSON.stringify(d.got)}`).join('\n');
}
