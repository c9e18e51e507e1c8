import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const T = 'spec.volumeClaimTemplates[0].spec';
const withClaim = (f: (spec: any) => void) => {
  const sts = statefulSet();
  f(sts.spec.volumeClaimTemplates[0].spec);
  return sts;
};

describe('claim templates and claims', () => {
  test('accepted: one access mode, a positive storage request, a class name or "" for none', () => {
    expect(rulesOf(withClaim((s) => { s.storageClassName = ''; s.accessModes = ['ReadWriteOncePod']; }))).toEqual([]);
  });

  test('access modes: at least one, ReadWriteOncePod alone', () => {
    expect(rulesOf(withClaim((s) => { s.accessModes = []; }))).toEqual([`pvc/spec ${T}.accessModes`]);
    expect(rulesOf(withClaim((s) => { s.accessModes = ['ReadWriteOncePod', 'ReadOnlyMany']; }))).toEqual([`pvc/spec ${T}.accessModes`]);
  });

  test('storage: requested and above 0; class names are DNS-1123 subdomains', () => {
    expect(rulesOf(withClaim((s) => { s.resources = { limits: { storage: '1Gi' } }; }))).toEqual([`pvc/spec ${T}.resources.requests`]);
    expect(rulesOf(withClaim((s) => { s.resources.requests.storage = '0Gi'; }))).toEqual([`pvc/spec ${T}.resources.requests.storage`]);
    expect(rulesOf(withClaim((s) => { s.storageClassName = 'Fast_SSD'; }))).toEqual([`pvc/spec ${T}.storageClassName`]);
  });

  test('a standalone claim obeys the same rules', () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'restore', namespace: 'db' }, spec: { accessModes: [], resources: { requests: { storage: '1Gi' } } } };
    expect(rulesOf(claim)).toEqual(['pvc/spec spec.accessModes']);
  });
});
