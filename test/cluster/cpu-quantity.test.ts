import { Cpu } from 'cdk8s-plus-28';
import { build } from './fixtures';
import { CpuQuantity } from '../../src';

describe('CpuQuantity', () => {
  test('its factories spell quantities as Kubernetes does', () => {
    expect([CpuQuantity.millis(250), CpuQuantity.units(2), CpuQuantity.units(0.5), CpuQuantity.of('1500m')].map(c => c.amount))
      .toEqual(['250m', '2', '0.5', '1500m']);
  });

  test('renders what a cdk8s-plus Cpu of the same amount renders (TypeScript apps keep passing Cpu)', () => {
    // GIVEN the same resources once as CpuQuantity (what Python, Java and Go pass) and once as cdk8s-plus Cpu
    const ours = build({ resources: { cpuRequest: CpuQuantity.of('250m'), cpuLimit: CpuQuantity.units(2) } });
    const plus = build({ resources: { cpuRequest: Cpu.millis(250), cpuLimit: Cpu.units(2) } });

    // THEN the container's resources are the same
    expect(ours.container.resources).toEqual({ requests: { cpu: '250m', memory: '100Mi' }, limits: { cpu: '2', memory: '500Mi' } });
    expect(plus.container.resources).toEqual(ours.container.resources);
  });

  test('a malformed quantity fails naming the prop and the allowed forms', () => {
    expect(() => build({ resources: { cpuLimit: CpuQuantity.of('two') } }))
      .toThrow(/resources\.cpuLimit: 'two' is not valid; expected a CPU quantity such as CpuQuantity\.millis\(500\), CpuQuantity\.units\(2\) or CpuQuantity\.of\('250m'\)/);
  });
});
