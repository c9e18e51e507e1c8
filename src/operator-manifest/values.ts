import { Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { call, Code, Tree } from './code';

/** A manifest value of the wrong shape: an input error naming the field. */
export class ManifestError extends Error {}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const SIZE_UNITS: Array<[string, string, number]> = [
  ['pebibytes', 'Pi', 2 ** 50], ['tebibytes', 'Ti', 2 ** 40], ['gibibytes', 'Gi', 2 ** 30], ['mebibytes', 'Mi', 2 ** 20], ['kibibytes', 'Ki', 2 ** 10],
];

/** Bytes of a Kubernetes quantity (`10Gi`, `500M`, `1e9`, `1024`). */
export function quantityBytes(field: string, value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?(?:e\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/.exec(text.trim()) : null;
  if (!m) throw new ManifestError(`${field}: ${JSON.stringify(value)} is not a Kubernetes quantity such as 10Gi`);
  const bytes = Number(m[1]) * (m[2] ? (BINARY[m[2]] ?? DECIMAL[m[2]]) : 1);
  if (!Number.isFinite(bytes)) throw new ManifestError(`${field}: ${JSON.stringify(value)} is too large`);
  return bytes;
}

/** A `Size` for a quantity: the largest binary unit that keeps the number whole, else KiB with a fraction. */
export function sizeCode(field: string, value: unknown): Code {
  return sizeOfBytes(quantityBytes(field, value));
}

export function sizeOfBytes(bytes: number): Code {
  for (const [method, , factor] of SIZE_UNITS) {
    if (bytes % factor === 0 && bytes >= factor) {
      const n = bytes / factor;
      return call((Size as any)[method](n), 'cdk8s:Size', method, n);
    }
  }
  const kib = bytes / 1024;
  return call(Size.kibibytes(kib), 'cdk8s:Size', 'kibibytes', kib);
}

/** A `Cpu` for a CPU quantity (`100m`, `1`, `0.5`). */
export function cpuCode(field: string, value: unknown): Code {
  const text = typeof value === 'number' ? String(value) : value;
  const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?)(m?)$/.exec(text.trim()) : null;
  if (!m) throw new ManifestError(`${field}: ${JSON.stringify(value)} is not a CPU quantity such as 500m or 2`);
  const millis = m[2] ? Number(m[1]) : Number(m[1]) * 1000;
  if (!Number.isInteger(millis)) throw new ManifestError(`${field}: ${JSON.stringify(value)} is not a whole number of millicores`);
  return millis % 1000 === 0
    ? call(Cpu.units(millis / 1000), 'cdk8s-plus-28:Cpu', 'units', millis / 1000)
    : call(Cpu.millis(millis), 'cdk8s-plus-28:Cpu', 'millis', millis);
}

export function secondsCode(seconds: number): Code {
  return call(Duration.seconds(seconds), 'cdk8s:Duration', 'seconds', seconds);
}

/** A Go duration (`5m`, `1h30m`, `300s`, `90`) in whole seconds. */
export function goDurationSeconds(field: string, value: unknown): number {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)(h|m|s)/g;
  let total = 0;
  let consumed = '';
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * ({ h: 3600, m: 60, s: 1 } as Record<string, number>)[m[2]];
    consumed += m[0];
  }
  if (!consumed || consumed !== text || !Number.isInteger(total)) {
    throw new ManifestError(`${field}: ${JSON.stringify(value)} is not a duration such as 5m or 300s`);
  }
  return total;
}

export function quantityCode(value: string): Code {
  return call(k8s.Quantity.fromString(value), 'cdk8s-plus-28:k8s.Quantity', 'fromString', value);
}

function intOrStringCode(value: string | number): Code {
  return typeof value === 'number'
    ? call(k8s.IntOrString.fromNumber(value), 'cdk8s-plus-28:k8s.IntOrString', 'fromNumber', value)
    : call(k8s.IntOrString.fromString(value), 'cdk8s-plus-28:k8s.IntOrString', 'fromString', value);
}

/** Keys whose values are quantity maps (`resources.requests`, `limits`, `capacity`). */
const QUANTITY_MAPS = new Set(['requests', 'limits']);
/** Keys whose value is one quantity. */
const QUANTITIES = new Set(['sizeLimit', 'divisor']);
/** Parents whose `port` is an IntOrString (probes, lifecycle handlers). */
const INT_OR_STRING_PORT_PARENTS = new Set(['httpGet', 'tcpSocket']);

/**
 * A Kubernetes core object from a manifest (a Container, Probe, Volume, EnvVar...) as the cdk8s `k8s` types
 * expect it: quantities as `k8s.Quantity`, probe ports as `k8s.IntOrString`, everything else as written (the
 * type's field names are the API's).
 */
export function kubeTree(value: unknown, key: string = ''): Tree {
  if (Array.isArray(value)) return value.map(v => kubeTree(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Tree> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (QUANTITY_MAPS.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([q, x]) => [q, quantityCode(String(x))]));
      } else if (QUANTITIES.has(k) && (typeof v === 'string' || typeof v === 'number')) {
        out[k] = quantityCode(String(v));
      } else if (k === 'port' && INT_OR_STRING_PORT_PARENTS.has(key) && (typeof v === 'string' || typeof v === 'number')) {
        out[k] = intOrStringCode(v);
      } else {
        out[k] = kubeTree(v, k);
      }
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** Strings of a map whose values the operator takes as strings (parameters, initdb, slot settings). */
export function stringMap(field: string, value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ManifestError(`${field}: expected a map`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}
