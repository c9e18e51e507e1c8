import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const podOf = (sts: any) => sts.spec.template.spec;
const pg = (sts: any) => podOf(sts).containers[0];
const POD = 'spec.template.spec.securityContext';
const PG = 'spec.template.spec.containers[0].securityContext';

/** The restricted settings the library emits. */
function restricted(): any {
  const sts = statefulSet();
  podOf(sts).securityContext = { runAsNonRoot: true, runAsUser: 101, runAsGroup: 103, fsGroup: 103, seccompProfile: { type: 'RuntimeDefault' } };
  pg(sts).securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
  return sts;
}

describe('security contexts', () => {
  test('the restricted settings are accepted; capability names are not checked (nor by the API server)', () => {
    const sts = restricted();
    expect(rulesOf(sts)).toEqual([]);
    pg(sts).securityContext.capabilities.drop.push('not a capability');
    expect(rulesOf(sts)).toEqual([]);
  });

  test('seccomp: localhostProfile with Localhost and only then, relative', () => {
    const sts = restricted();
    podOf(sts).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/pg.json' };
    expect(rulesOf(sts)).toEqual([]);
    podOf(sts).securityContext.seccompProfile = { type: 'Localhost' };
    pg(sts).securityContext.seccompProfile = { type: 'RuntimeDefault', localhostProfile: 'pg.json' };
    expect(rulesOf(sts)).toEqual([`pod/seccomp ${POD}.seccompProfile.localhostProfile`, `pod/seccomp ${PG}.seccompProfile.localhostProfile`]);
    podOf(sts).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '/profiles/pg.json' };
    pg(sts).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: '../pg.json' };
    expect(rulesOf(sts)).toEqual([`pod/seccomp ${POD}.seccompProfile.localhostProfile`, `pod/seccomp ${PG}.seccompProfile.localhostProfile`]);
  });

  test('seccomp type is an enum, and required', () => {
    const sts = restricted();
    podOf(sts).securityContext.seccompProfile.type = 'Default';
    pg(sts).securityContext.seccompProfile = {};
    expect(rulesOf(sts)).toEqual([`schema/enum ${POD}.seccompProfile.type`, `schema/required ${PG}.seccompProfile.type`]);
  });

  test('user and group IDs are 0 to 2^31-1', () => {
    const sts = restricted();
    Object.assign(podOf(sts).securityContext, { runAsUser: -1, supplementalGroups: [1000, 2 ** 31] });
    pg(sts).securityContext.runAsGroup = 2 ** 31;
    expect(rulesOf(sts)).toEqual([`pod/security-context ${POD}.runAsUser`, `pod/security-context ${POD}.supplementalGroups[1]`, `pod/security-context ${PG}.runAsGroup`]);
  });

  test('no privilege escalation contradicts privileged and CAP_SYS_ADMIN', () => {
    const sts = restricted();
    pg(sts).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expect(rulesOf(sts)).toEqual([]);
    pg(sts).securityContext.privileged = true;
    pg(sts).securityContext.capabilities.add.push('CAP_SYS_ADMIN');
    expect(rulesOf(sts)).toEqual([`pod/security-context ${PG}`, `pod/security-context ${PG}.capabilities.add`]);
    pg(sts).securityContext.allowPrivilegeEscalation = true;
    expect(rulesOf(sts)).toEqual([]);
  });

  test('runAsNonRoot with user 0, from the pod or the container, is refused by the kubelet', () => {
    const sts = restricted();
    podOf(sts).securityContext.runAsUser = 0;
    expect(rulesOf(sts)).toEqual([`pod/run-as-non-root ${PG}`]);
    pg(sts).securityContext.runAsUser = 101;
    expect(rulesOf(sts)).toEqual([]);
    pg(sts).securityContext.runAsNonRoot = false;
    pg(sts).securityContext.runAsUser = 0;
    expect(rulesOf(sts)).toEqual([]);
  });
});
