import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { build } from './fixtures';

describe('postgres container resources', () => {
  test('defaults are the operator\'s shipped configuration: 100m/100Mi requests, 1/500Mi limits', () => {
    // GIVEN / WHEN a default cluster
    const { container } = build();

    // THEN
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '500Mi' } });
  });

  test('fleet resources replace the defaults field by field; the cluster\'s replace the fleet\'s', () => {
    // GIVEN fleet requests and a cluster memory limit
    const { container } = build(
      { resources: { memoryLimit: Size.gibibytes(4) } },
      { resources: { cpuRequest: Cpu.millis(250), memoryRequest: Size.gibibytes(1), memoryLimit: Size.gibibytes(2) } },
    );

    // THEN the cpu limit stays the default
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '4Gi' } });
  });

  test('a zero quantity counts as unset, as in the operator: the fleet\'s value, then the default', () => {
    // GIVEN zero requests and limits on the cluster, and a fleet memory request
    const { container } = build(
      { resources: { cpuRequest: Cpu.millis(0), memoryRequest: Size.mebibytes(0), cpuLimit: Cpu.units(0), memoryLimit: Size.gibibytes(0) } },
      { resources: { memoryRequest: Size.mebibytes(256) } },
    );

    // THEN no "0" is rendered: the fleet's memory request, the operator's defaults for the rest
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '500Mi' } });
  });

  test('quantities use the largest whole unit', () => {
    // GIVEN odd sizes and whole CPUs
    const { container } = build({
      resources: { cpuRequest: Cpu.units(2), cpuLimit: Cpu.millis(2500), memoryRequest: Size.mebibytes(1536), memoryLimit: Size.gibibytes(3) },
    });

    // THEN
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '1536Mi' }, limits: { cpu: '2500m', memory: '3Gi' } });
  });

  test('limits below the fleet\'s minimum limits are raised (min_cpu_limit, min_memory_limit)', () => {
    // GIVEN low limits and the configmap.yaml minimums
    const { container } = build(
      { resources: { cpuLimit: Cpu.millis(200), memoryLimit: Size.mebibytes(200) } },
      { resourceThresholds: { minCpuLimit: Cpu.millis(250), minMemoryLimit: Size.mebibytes(250) } },
    );

    // THEN
    expect(container.resources.limits).toEqual({ cpu: '250m', memory: '250Mi' });
  });

  test('limits above the minimums are kept', () => {
    // GIVEN
    const { container } = build({}, { resourceThresholds: { minCpuLimit: Cpu.millis(250), minMemoryLimit: Size.mebibytes(250) } });

    // THEN
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '500Mi' });
  });

  test('a limit below its request is raised to the request', () => {
    // GIVEN requests above the default limits
    const { container } = build({ resources: { cpuRequest: Cpu.units(2), memoryRequest: Size.gibibytes(1) } });

    // THEN
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } });
  });

  test('setMemoryRequestToLimit raises the memory request to the limit', () => {
    // GIVEN
    const { container } = build({}, { resourceThresholds: { setMemoryRequestToLimit: true } });

    // THEN cpu is untouched
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '1', memory: '500Mi' } });
  });

  test('requests above the maximums are capped, after limits were raised to the requests', () => {
    // GIVEN large requests and fleet maximums
    const { container } = build(
      { resources: { cpuRequest: Cpu.units(4), memoryRequest: Size.gibibytes(8), cpuLimit: Cpu.units(2), memoryLimit: Size.gibibytes(4) } },
      { resourceThresholds: { maxCpuRequest: Cpu.units(1), maxMemoryRequest: Size.gibibytes(4) } },
    );

    // THEN the operator's order: limits become 4/8Gi first, then requests are capped to 1/4Gi
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } });
  });

  test('the maximum request also caps a request raised by setMemoryRequestToLimit', () => {
    // GIVEN
    const { container } = build(
      { resources: { memoryLimit: Size.gibibytes(16) } },
      { resourceThresholds: { setMemoryRequestToLimit: true, maxMemoryRequest: Size.gibibytes(4) } },
    );

    // THEN
    expect(container.resources.requests.memory).toBe('4Gi');
    expect(container.resources.limits.memory).toBe('16Gi');
  });

  test('hugepages: equal request and limit for each page size', () => {
    // GIVEN both page sizes
    const { container } = build({ resources: { hugepages2Mi: Size.mebibytes(128), hugepages1Gi: Size.gibibytes(2) } });

    // THEN
    expect(container.resources.requests).toMatchObject({ 'hugepages-2Mi': '128Mi', 'hugepages-1Gi': '2Gi' });
    expect(container.resources.limits).toMatchObject({ 'hugepages-2Mi': '128Mi', 'hugepages-1Gi': '2Gi' });
  });

  test('hugepages from the fleet apply when the cluster sets none', () => {
    // GIVEN
    const { container } = build({}, { resources: { hugepages2Mi: Size.mebibytes(64) } });

    // THEN
    expect(container.resources.limits['hugepages-2Mi']).toBe('64Mi');
  });
});
