import { services } from './fixtures';
import { rulesOf } from './helpers';

describe('Service rules', () => {
  test('several ports need names, unique DNS labels', () => {
    const svc = services()[1];
    svc.spec.ports.push({ port: 8008 }, { name: 'postgresql', port: 5433 }, { name: 'Patroni', port: 8009 });
    expect(rulesOf(svc)).toEqual([
      'service/port-name spec.ports[1].name',
      'service/duplicate-port-name spec.ports[2].name',
      'service/port-name spec.ports[3].name',
    ]);
  });

  test('named targetPorts are IANA service names; numbers are 1-65535', () => {
    const svc = services()[0];
    svc.spec.ports[0].targetPort = 'postgresql-primary';
    svc.spec.ports.push({ name: 'patroni', port: 0, targetPort: 70000 });
    expect(rulesOf(svc)).toEqual([
      'service/target-port spec.ports[0].targetPort',
      'service/port-range spec.ports[1].port',
      'service/target-port spec.ports[1].targetPort',
    ]);
  });
});
