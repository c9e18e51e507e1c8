import { services, statefulSet, supportingObjects } from './fixtures';
import { rulesOf } from './helpers';

// "" is unset for some enum fields (measured against API servers in agreement-cases.ts) and invalid for others.
describe('"" in enum fields', () => {
  test('accepted where the API server defaults it or gives it a meaning', () => {
    const sts = statefulSet();
    const pod = sts.spec.template.spec;
    pod.restartPolicy = '';
    pod.dnsPolicy = '';
    pod.containers[0].terminationMessagePolicy = '';
    sts.spec.podManagementPolicy = '';
    sts.spec.updateStrategy.type = '';
    pod.containers[0].imagePullPolicy = '';
    pod.containers[0].ports[0].protocol = '';
    pod.tolerations[0] = { key: 'postgres', operator: '', value: 'db', effect: '' };
    const svc = services()[0];
    svc.spec.type = '';
    svc.spec.sessionAffinity = '';
    svc.spec.ports[0].protocol = '';
    expect(rulesOf(sts)).toEqual([]);
    expect(rulesOf(svc)).toEqual([]);
  });

  test('rejected elsewhere', () => {
    const sts = statefulSet();
    sts.spec.template.spec.securityContext.seccompProfile = { type: '' };
    sts.spec.template.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: '' }];
    const pdb = supportingObjects()[3];
    pdb.spec.unhealthyPodEvictionPolicy = '';
    expect(rulesOf(sts)).toEqual([
      'schema/enum spec.template.spec.securityContext.seccompProfile.type',
      'schema/enum spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable',
    ]);
    expect(rulesOf(pdb)).toEqual(['schema/enum spec.unhealthyPodEvictionPolicy']);
  });
});
