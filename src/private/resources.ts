import { Size } from 'cdk8s';
import { cpuMillis, cpuQuantity, memoryBytes, sizeBytes, sizeQuantity } from './quantity';
import { failConflict } from './validation';
import { CpuQuantity, ICpuQuantity } from '../cluster/cpu-quantity';
import { PostgresResources, ResourceThresholds } from '../cluster/resources';

export interface ContainerResourceQuantities {
  readonly requests: Record<string, string>;
  readonly limits: Record<string, string>;
}

const OPERATOR_DEFAULTS: PostgresResources = {
  cpuRequest: CpuQuantity.millis(100), memoryRequest: Size.mebibytes(100), cpuLimit: CpuQuantity.units(1), memoryLimit: Size.mebibytes(500),
};

/**
 * Requests and limits of the postgres container after the operator's rules: fill from fleet
 * defaults, raise limits to the minimum limits, raise limits to requests, optionally set the
 * memory request to the limit, cap requests at the maximum requests.
 */
export function postgresResources(
  own: PostgresResources | undefined, fleet: PostgresResources | undefined, thresholds: ResourceThresholds,
  props: { own: string; fleet: string; thresholds: string } = { own: 'resources', fleet: 'fleet.resources', thresholds: 'fleet.resourceThresholds' },
): ContainerResourceQuantities {
  // As in the operator, a zero quantity counts as unset: the fleet's value, then the operator's default applies.
  const set = <K extends keyof PostgresResources>(r: PostgresResources | undefined, k: K) => (isZero(r?.[k]) ? undefined : r?.[k]);
  const pick = <K extends keyof PostgresResources>(k: K) => set(own, k) ?? set(fleet, k) ?? OPERATOR_DEFAULTS[k];
  // An error names the prop the value came from.
  const from = <K extends keyof PostgresResources>(k: K) => `${set(own, k) !== undefined ? props.own : props.fleet}.${k}`;
  let cpuReq = optionalCpu(pick('cpuRequest'), from('cpuRequest'));
  let cpuLim = optionalCpu(pick('cpuLimit'), from('cpuLimit'));
  let memReq = optionalBytes(pick('memoryRequest'), from('memoryRequest'));
  let memLim = optionalBytes(pick('memoryLimit'), from('memoryLimit'));

  const minCpu = optionalCpu(thresholds.minCpuLimit, `${props.thresholds}.minCpuLimit`);
  const minMem = optionalBytes(thresholds.minMemoryLimit, `${props.thresholds}.minMemoryLimit`);
  if (cpuLim !== undefined && minCpu !== undefined && cpuLim < minCpu) cpuLim = minCpu;
  if (memLim !== undefined && minMem !== undefined && memLim < minMem) memLim = minMem;
  if (cpuLim !== undefined && cpuReq !== undefined && cpuLim < cpuReq) cpuLim = cpuReq;
  if (memLim !== undefined && memReq !== undefined && memLim < memReq) memLim = memReq;
  if (thresholds.setMemoryRequestToLimit && memLim !== undefined) memReq = memLim;
  const maxCpu = optionalCpu(thresholds.maxCpuRequest, `${props.thresholds}.maxCpuRequest`);
  const maxMem = optionalBytes(thresholds.maxMemoryRequest, `${props.thresholds}.maxMemoryRequest`);
  if (cpuReq !== undefined && maxCpu !== undefined && cpuReq > maxCpu) cpuReq = maxCpu;
  if (memReq !== undefined && maxMem !== undefined && memReq > maxMem) memReq = maxMem;

  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (cpuReq !== undefined) requests.cpu = cpuQuantity(cpuReq);
  if (memReq !== undefined) requests.memory = sizeQuantity(Size.kibibytes(memReq / 1024));
  if (cpuLim !== undefined) limits.cpu = cpuQuantity(cpuLim);
  if (memLim !== undefined) limits.memory = sizeQuantity(Size.kibibytes(memLim / 1024));
  for (const [key, prop] of [['hugepages-2Mi', 'hugepages2Mi'], ['hugepages-1Gi', 'hugepages1Gi']] as const) {
    const size = own?.[prop] ?? fleet?.[prop];
    if (size === undefined) continue;
    const bytes = sizeBytes(size);
    const page = key === 'hugepages-2Mi' ? 2 * 1024 ** 2 : 1024 ** 3;
    if (bytes === 0 || bytes % page !== 0) failConflict(`${own?.[prop] !== undefined ? props.own : props.fleet}.${prop}`, `${sizeQuantity(size)} is not a positive multiple of the ${key.slice(10)} page size`);
    // Kubernetes requires hugepages requests to equal limits.
    requests[key] = limits[key] = sizeQuantity(size);
  }
  return { requests, limits };
}

function optionalCpu(cpu: ICpuQuantity | undefined, prop: string): number | undefined {
  return cpu === undefined ? undefined : cpuMillis(cpu, prop);
}

function optionalBytes(size: Size | undefined, prop: string): number | undefined {
  return size === undefined ? undefined : memoryBytes(size, prop);
}

function isZero(q: ICpuQuantity | Size | undefined): boolean {
  if (q === undefined) return false;
  // Checked without validating: a malformed quantity is reported later under its own prop.
  // A CPU quantity is any object with an amount (a Cpu of any cdk8s-plus line), so Size is the one told apart by class.
  return q instanceof Size ? sizeBytes(q) === 0 : /^0+(\.0+)?m?$/.test(String(q.amount));
}
