// Unit tests (no server) for the tier's helpers.
import { namespacesOf, synth } from './tier';
import { EXAMPLES } from '../../examples/registry';

describe('namespacesOf', () => {
  test('objects, declared Namespaces and ServiceAccount subjects of bindings, sorted and once each', () => {
    expect(namespacesOf([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'zeta' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'alpha' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'alpha' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'beta' }, { kind: 'User', name: 'u' }],
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } },
    ])).toEqual(['alpha', 'beta', 'zeta']);
  });

  test('users-and-databases: the namespace reached only through the cross-namespace Role is included', () => {
    const example = EXAMPLES.find(e => e.name === 'users-and-databases')!;
    const objects = synth(example.build);
    expect(objects.filter(o => o.metadata.namespace === 'reporting').map(o => o.kind).sort()).toEqual(['Role', 'RoleBinding']);
    expect(namespacesOf(objects)).toEqual(['billing', 'orders', 'reporting']);
  });
});
