import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { fail } from './validation';
import type { ICpuQuantity } from '../cluster/cpu-quantity';

const UNITS: Array<[string, number]> = [['Pi', 1024 ** 5], ['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]];

/** Bytes of a cdk8s Size (its smallest unit is KiB, so this is always whole). */
export function sizeBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/** Bytes of a memory size the user gave; Infinity or NaN would render as a quantity Kubernetes refuses. */
export function memoryBytes(size: Size, prop: string): number {
  const bytes = sizeBytes(size);
  if (!Number.isFinite(bytes)) fail(prop, `${bytes} bytes`, 'a finite size');
  return bytes;
}

/** Kubernetes quantity in the largest binary unit that keeps the number whole (1536Mi, not 1.5Gi). */
export function sizeQuantity(size: Size): string {
  const bytes = sizeBytes(size);
  for (const [unit, factor] of UNITS) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}`;
}

/** Millicores of a CPU quantity (`500m`, `1`, `1.5`). */
export function cpuMillis(cpu: ICpuQuantity, prop: string): number {
  const amount = String(cpu.amount);
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(amount);
  if (!m) fail(prop, amount, 'a CPU quantity such as CpuQuantity.millis(500), CpuQuantity.units(2) or CpuQuantity.of(\'250m\')');
  const value = m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
  if (!Number.isInteger(value)) fail(prop, amount, 'a whole number of millicores');
  return value;
}

export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

/** Whole seconds of a Duration, with an error naming the prop. */
export function wholeSeconds(duration: Duration, prop: string): number {
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0) fail(prop, duration.toHumanString(), 'a whole, non-negative number of seconds');
  return seconds;
}
