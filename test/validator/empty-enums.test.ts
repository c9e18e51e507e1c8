import { services, statefulSet, supportingObjects } from './fixtures';
import { rulesOf } from './helpers';

// "" is unset for some enum fields (measured against API servers in agreement-cases.ts) and invalid for others.
describe('"" in enum fields', () => {
  test('accepted where the API server defaults it or gives it a meaning', () => {
    const sts = statefulSet();
    const pod = sts.spec.template.spec;
    pod.restartPolicy = '';
    pod.containers[0].imagePullPolicy = '';
    pod.containers[0].ports[0].protocol = '';
    pod.tolerations[0] = { key: 'postgres', operator: '', value: 'db', effect: '' };
    const svc = services()[0];
    svc.spec.type = '';
    svc.spec.ports[0].protocol = '';
    expect(rulesOf(sts)).toEqual([]);
    expect(rulesOf(svc)).toEqual([]);
  });

  test('rejected elsewhere', () => {
    const sts = statefulSet();
    sts.spec.template.spec.securityContext.seccompProfile = { type: '' };
    const pdb = supportingObjects()[3];
    pdb.spec.unhealthyPodEvictionPolicy = '';
    expect(rulesOf(sts)).toEqual(['schema/enum spec.template.spec.securityContext.seccompProfile.type']);
    expect(rulesOf(pdb)).toEqual(['schema/enum spec.unhealthyPodEvictionPolicy']);
  });
});
