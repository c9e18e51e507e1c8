import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const POD = 'spec.template.spec';
const withPod = (f: (pod: any) => void) => {
  const sts = statefulSet();
  f(sts.spec.template.spec);
  return sts;
};
const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
const NODE = `${POD}.affinity.nodeAffinity`;

describe('scheduling', () => {
  test('nodeSelector labels and priorityClassName', () => {
    expect(rulesOf(withPod((p) => { p.nodeSelector = { 'node-role.kubernetes.io/db': '' }; p.priorityClassName = 'postgres-critical'; }))).toEqual([]);
    expect(rulesOf(withPod((p) => { p.nodeSelector = { 'bad key': 'a b' }; p.priorityClassName = 'Postgres_Critical'; }))).toEqual([
      `label/key ${POD}.nodeSelector["bad key"]`,
      `label/value ${POD}.nodeSelector["bad key"]`,
      `pod/scheduling ${POD}.priorityClassName`,
    ]);
  });

  test('node affinity: operators and their values, keys, at least one required term, weights 1-100', () => {
    const term = (matchExpressions: any[]) => ({ nodeSelectorTerms: [{ matchExpressions }] });
    expect(rulesOf(withPod((p) => {
      p.affinity.nodeAffinity = {
        [REQ]: term([{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'cores', operator: 'Gt', values: ['4'] }, { key: 'spot', operator: 'DoesNotExist' }]),
        [PREF]: [{ weight: 100, preference: { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] } }],
      };
    }))).toEqual([]);
    expect(rulesOf(withPod((p) => {
      p.affinity.nodeAffinity = {
        [REQ]: term([{ key: 'zone', operator: 'In', values: [] }, { key: 'cores', operator: 'Lt', values: ['4', '8'] }, { key: 'bad key', operator: 'Exists', values: ['x'] }]),
        [PREF]: [{ weight: 0, preference: { matchFields: [{ key: 'metadata.labels', operator: 'Exists' }] } }],
      };
    }))).toEqual([
      `pod/scheduling ${NODE}.${REQ}.nodeSelectorTerms[0].matchExpressions[0].values`,
      `pod/scheduling ${NODE}.${REQ}.nodeSelectorTerms[0].matchExpressions[1].values`,
      `pod/scheduling ${NODE}.${REQ}.nodeSelectorTerms[0].matchExpressions[2].values`,
      `pod/scheduling ${NODE}.${REQ}.nodeSelectorTerms[0].matchExpressions[2].key`,
      `pod/scheduling ${NODE}.${PREF}[0].weight`,
      `pod/scheduling ${NODE}.${PREF}[0].preference.matchFields[0].key`,
      `pod/scheduling ${NODE}.${PREF}[0].preference.matchFields[0].operator`,
    ]);
    expect(rulesOf(withPod((p) => { p.affinity.nodeAffinity = { [REQ]: { nodeSelectorTerms: [] } }; })))
      .toEqual([`pod/scheduling ${NODE}.${REQ}.nodeSelectorTerms`]);
  });

  test('pod anti-affinity: topology key required and qualified, namespaces DNS labels, weights 1-100', () => {
    const ANTI = `${POD}.affinity.podAntiAffinity.${PREF}[0]`;
    expect(rulesOf(withPod((p) => {
      Object.assign(p.affinity.podAntiAffinity[PREF][0], { weight: 101 });
      Object.assign(p.affinity.podAntiAffinity[PREF][0].podAffinityTerm, { topologyKey: '', namespaces: ['Team A'] });
    }))).toEqual([`pod/scheduling ${ANTI}.weight`, `pod/scheduling ${ANTI}.podAffinityTerm.topologyKey`, `pod/scheduling ${ANTI}.podAffinityTerm.namespaces[0]`]);
  });

  test('topology spread: maxSkew > 0, a key, minDomains only with DoNotSchedule, each key/action once', () => {
    const spread = (extra: any) => ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', ...extra });
    expect(rulesOf(withPod((p) => { p.topologySpreadConstraints = [spread({ minDomains: 2 }), spread({ whenUnsatisfiable: 'ScheduleAnyway' })]; }))).toEqual([]);
    const AT = `${POD}.topologySpreadConstraints`;
    const rules = rulesOf(withPod((p) => {
      p.topologySpreadConstraints = [spread({ maxSkew: 0 }), spread({ topologyKey: '' }), spread({ whenUnsatisfiable: 'ScheduleAnyway', minDomains: 0 }), spread({})];
    }));
    expect(rules.sort()).toEqual([
      `pod/scheduling ${AT}[0].maxSkew`,
      `pod/scheduling ${AT}[1].topologyKey`,
      `pod/scheduling ${AT}[2].minDomains`,
      `pod/scheduling ${AT}[2].minDomains`,
      // the schema's list-map keys (topologyKey, whenUnsatisfiable) catch the repeat
      `schema/duplicate-key ${AT}[3]`,
    ]);
  });
});
