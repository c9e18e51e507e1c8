const SUFFIXES: Record<string, number> = {
  '': 1,
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

/** A Kubernetes storage quantity (`10Gi`, `500M`, `1e9`) in bytes; undefined when it is not one. */
export function quantityBytes(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const m = /^([0-9.]+(?:[eE][-+]?[0-9]+)?)([kMGTPE]i?)?$/.exec(quantity.trim());
  if (!m) return undefined;
  const factor = SUFFIXES[m[2] ?? ''];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}
