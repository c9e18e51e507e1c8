import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { buildPooler } from './fixtures';

const resourcesOf = (r: ReturnType<typeof buildPooler>) => r.container.resources;

describe('connection pooler resources', () => {
  test('defaults: 500m / 100Mi requests, 1 / 100Mi limits (the operator\'s shipped connection_pooler_default_*)', () => {
    // GIVEN / WHEN
    const built = buildPooler();

    // THEN the init container gets the same, so the pod's effective request does not grow
    expect(resourcesOf(built)).toEqual({ requests: { cpu: '500m', memory: '100Mi' }, limits: { cpu: '1', memory: '100Mi' } });
    expect(built.pod.initContainers[0].resources).toEqual(resourcesOf(built));
  });

  test('each field from the cluster, else the fleet, else the default', () => {
    // GIVEN / WHEN
    const built = buildPooler({ resources: { cpuRequest: Cpu.millis(100) } }, {},
      { connectionPooler: { resources: { cpuRequest: Cpu.millis(200), memoryLimit: Size.mebibytes(256) } } });

    // THEN
    expect(resourcesOf(built)).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  });

  test('a limit below its request is raised to the request, as the operator\'s matchLimitsWithRequestsIfSmaller', () => {
    // GIVEN / WHEN
    const built = buildPooler({ resources: { cpuRequest: Cpu.units(2), memoryRequest: Size.mebibytes(300), memoryLimit: Size.mebibytes(200) } });

    // THEN
    expect(resourcesOf(built)).toEqual({ requests: { cpu: '2', memory: '300Mi' }, limits: { cpu: '2', memory: '300Mi' } });
  });

  test('the fleet\'s setMemoryRequestToLimit applies to the pooler too', () => {
    // GIVEN / WHEN
    const built = buildPooler({ resources: { memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(128) } }, {},
      { resourceThresholds: { setMemoryRequestToLimit: true } });

    // THEN
    expect(resourcesOf(built).requests.memory).toBe('128Mi');
  });

  test('the Postgres thresholds (minimum limits, maximum requests) do not apply, as in the operator', () => {
    // GIVEN / WHEN
    const own = { cpuRequest: Cpu.units(4), memoryLimit: Size.mebibytes(50), memoryRequest: Size.mebibytes(50) };
    const built = buildPooler({ resources: own }, {}, {
      resourceThresholds: {
        minCpuLimit: Cpu.units(8), minMemoryLimit: Size.gibibytes(1), maxCpuRequest: Cpu.units(1), maxMemoryRequest: Size.mebibytes(10),
      },
    });

    // THEN
    expect(resourcesOf(built)).toEqual({ requests: { cpu: '4', memory: '50Mi' }, limits: { cpu: '4', memory: '50Mi' } });
  });

  test('fractions of a CPU and odd sizes render as whole quantities', () => {
    // GIVEN / WHEN
    const built = buildPooler({ resources: { cpuRequest: Cpu.units(0.25), cpuLimit: Cpu.units(1.5), memoryLimit: Size.kibibytes(1536 * 1024) } });

    // THEN
    expect(resourcesOf(built)).toEqual({ requests: { cpu: '250m', memory: '100Mi' }, limits: { cpu: '1500m', memory: '1536Mi' } });
  });
});
