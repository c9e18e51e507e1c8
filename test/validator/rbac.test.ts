import { supportingObjects } from './fixtures';
import { rulesOf } from './helpers';

const role = () => supportingObjects()[1];
const binding = () => supportingObjects()[2];
const clusterBinding = (): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'acid-orders-view' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'ServiceAccount', name: 'acid-orders', namespace: 'db' }],
});

describe('RBAC', () => {
  test('a rule has verbs, and API groups with resources or (cluster roles only) non-resource URLs alone', () => {
    const r = role();
    r.rules = [
      { apiGroups: [''], resources: ['pods'], verbs: [] },
      { resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], verbs: ['get'] },
      { nonResourceURLs: ['/healthz'], resources: ['pods'], verbs: ['get'] },
    ];
    expect(rulesOf(r)).toEqual(['rbac/rule rules[0].verbs', 'rbac/rule rules[1].apiGroups', 'rbac/rule rules[2].resources', 'rbac/rule rules[3].nonResourceURLs', 'rbac/rule rules[3].nonResourceURLs']);
    const cluster = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] };
    expect(rulesOf(cluster)).toEqual([]);
  });

  test('roleRef: the RBAC group ("" defaulted), Role or ClusterRole, a path-segment name', () => {
    const b = binding();
    b.roleRef.apiGroup = '';
    expect(rulesOf(b)).toEqual([]);
    b.roleRef = { apiGroup: 'apps', kind: 'ServiceAccount', name: 'a/b' };
    expect(rulesOf(b)).toEqual(['rbac/binding roleRef.apiGroup', 'rbac/binding roleRef.kind', 'rbac/binding roleRef.name']);
    const c = clusterBinding();
    c.roleRef.kind = 'Role';
    expect(rulesOf(c)).toEqual(['rbac/binding roleRef.kind']);
  });

  test('subjects: ServiceAccounts by DNS-1123 name in the core group, namespaced in cluster bindings; User and Group in the RBAC group', () => {
    const b = binding();
    b.subjects.push(
      { kind: 'User', name: 'alice@example.com' },
      { kind: 'ServiceAccount', name: 'Agree_SA', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'dba', apiGroup: 'v1' },
      { kind: 'Pod', name: 'p' },
    );
    expect(rulesOf(b)).toEqual([
      'rbac/binding subjects[2].name',
      'rbac/binding subjects[2].apiGroup',
      'rbac/binding subjects[3].apiGroup',
      'rbac/binding subjects[4].kind',
    ]);
    const c = clusterBinding();
    delete c.subjects[0].namespace;
    expect(rulesOf(c)).toEqual(['rbac/binding subjects[0].namespace']);
  });
});
