import { build, CLUSTER, L1, NAMESPACE } from '../cluster/fixtures';
import { byKind, named } from '../util';

const SA = `${CLUSTER}-postgres-pod`;

describe('namespaced RBAC (deviation: nothing cluster-wide)', () => {
  test('Role has exactly the ConfigMaps-mode rules, with resourceNames wherever Kubernetes honours them', () => {
    // GIVEN a three-member cluster
    // WHEN synthesized
    const { objects } = build({ instances: 3 });

    // THEN the Role covers Patroni's leader/config/sync/failover ConfigMaps and the member pods only
    const role = named(objects, 'Role', SA);
    expect(role.metadata.namespace).toBe(NAMESPACE);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
      {
        apiGroups: [''],
        resources: ['configmaps'],
        resourceNames: [`${CLUSTER}-leader`, `${CLUSTER}-config`, `${CLUSTER}-sync`, `${CLUSTER}-failover`],
        verbs: ['get', 'patch', 'update', 'delete'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: [`${CLUSTER}-0`, `${CLUSTER}-1`, `${CLUSTER}-2`], verbs: ['get', 'patch', 'update'] },
    ]);
  });

  test('no endpoints, services or secrets permissions (ConfigMaps DCS, bypass off)', () => {
    // GIVEN / WHEN a default cluster
    const { objects } = build();

    // THEN
    const resources = named(objects, 'Role', SA).rules.flatMap((r: any) => r.resources);
    expect(new Set(resources)).toEqual(new Set(['configmaps', 'pods']));
  });

  test('pod resourceNames follow the clamped number of instances', () => {
    // GIVEN 5 requested instances and a fleet maximum of 2
    const { objects, statefulSet } = build({ instances: 5 }, { maxInstances: 2 });

    // THEN two members, two pod names
    expect(statefulSet.spec.replicas).toBe(2);
    expect(named(objects, 'Role', SA).rules[3].resourceNames).toEqual([`${CLUSTER}-0`, `${CLUSTER}-1`]);
  });

  test('zero instances still yields a valid rule (resourceNames never empty)', () => {
    // GIVEN a cluster scaled to zero
    const { objects } = build({ instances: 0 });

    // THEN an empty resourceNames list would grant every pod, so one name is kept
    expect(named(objects, 'Role', SA).rules[3].resourceNames).toEqual([`${CLUSTER}-0`]);
  });

  test('no ClusterRole or ClusterRoleBinding anywhere', () => {
    // GIVEN / WHEN a cluster with every fleet option that touches pods
    const { objects } = build({ instances: 3 }, { podAntiAffinity: {}, enablePodDisruptionBudget: true });

    // THEN
    expect(byKind(objects, 'ClusterRole')).toEqual([]);
    expect(byKind(objects, 'ClusterRoleBinding')).toEqual([]);
  });

  test('ServiceAccount, Role and RoleBinding are per cluster, in its namespace, with its labels', () => {
    // GIVEN / WHEN a default cluster
    const { objects, podSpec } = build();

    // THEN one of each for Patroni, named <c>-postgres-pod (the credentials and dynamic configuration Jobs have their
    // own), and the pods use it
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
      expect(byKind(objects, kind).map(o => o.metadata.name).sort()).toEqual([`${CLUSTER}-credentials`, `${CLUSTER}-dcs`, SA]);
      const obj = named(objects, kind, SA);
      expect(obj.metadata.namespace).toBe(NAMESPACE);
      expect(obj.metadata.labels).toEqual(L1);
    }
    expect(podSpec.serviceAccountName).toBe(SA);
  });

  test('RoleBinding binds the Role (not a ClusterRole) to the ServiceAccount in the same namespace', () => {
    // GIVEN / WHEN
    const { objects } = build();

    // THEN
    const binding = named(objects, 'RoleBinding', SA);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SA });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: SA, namespace: NAMESPACE }]);
  });

  test('exposes the ServiceAccount', () => {
    // GIVEN / WHEN
    const { cluster } = build();

    // THEN other constructs can reference it
    expect(cluster.serviceAccount.name).toBe(SA);
  });
});
