/**
 * resource.Quantity syntax and an approximate numeric value.
 *
 * The grammar (apimachinery's resource package documentation):
 *   quantity   = signedNumber suffix
 *   number     = digits | digits "." digits | digits "." | "." digits
 *   suffix     = binarySI | decimalSI | decimalExponent
 *   binarySI   = Ki | Mi | Gi | Ti | Pi | Ei
 *   decimalSI  = m | "" | k | M | G | T | P | E
 *   exponent   = ("e" | "E") signed integer
 * No spaces, no "GB"/"gi", no empty number.
 */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

export function isQuantityString(s: string): boolean {
  return QUANTITY.test(s);
}

/** A quantity may also be written as a JSON number (YAML `cpu: 1`). */
export function isQuantity(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'string' && isQuantityString(v);
}

/**
 * The value as a float, good enough to compare requests with limits;
 * undefined when the input is not a quantity.
 */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in MULTIPLIER) return num * MULTIPLIER[suffix];
  return num * 10 ** Number(suffix.slice(1));
}
