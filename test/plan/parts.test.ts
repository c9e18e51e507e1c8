// The plan's parts that the table reaches only partly: quantities, restart rules by major, immutable fields of
// objects the library does not make, YAML input shapes, and the renderings of objects outside the clusters.
import { ClusterPlan } from '../../src';
import { quantityBytes } from '../../src/plan/quantity-bytes';
import { needsRestart } from '../../src/plan/restart-parameters';

const yaml = (...docs: object[]) => docs.map(d => JSON.stringify(d)).join('\n---\n');
const obj = (kind: string, name: string, rest: object = {}, apiVersion = 'v1') => ({ apiVersion, kind, metadata: { name, namespace: 'ns' }, ...rest });

describe('plan parts', () => {
  test.each([
    ['10Gi', 10 * 2 ** 30], ['500M', 5e8], ['1.5Ti', 1.5 * 2 ** 40], ['1e9', 1e9], [2048, 2048], ['12', 12],
    ['10GB', undefined], ['ten', undefined], ['', undefined], [undefined, undefined],
  ])('quantityBytes(%j) = %j', (q, bytes) => {
    expect(quantityBytes(q)).toBe(bytes);
  });

  test('restart rules: postmaster parameters always, autovacuum_max_workers only before 18, case-insensitive', () => {
    expect([needsRestart('max_connections', 17), needsRestart('WAL_LEVEL'), needsRestart('work_mem', 13)]).toEqual([true, true, false]);
    expect([needsRestart('autovacuum_max_workers', 17), needsRestart('autovacuum_max_workers', 18), needsRestart('autovacuum_max_workers')]).toEqual([true, false, true]);
  });

  test('immutable fields of objects the library does not make: roleRef, an immutable ConfigMap, a claim\'s access modes', () => {
    const before = yaml(
      obj('RoleBinding', 'rb', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' }, subjects: [] }, 'rbac.authorization.k8s.io/v1'),
      obj('ConfigMap', 'frozen', { immutable: true, data: { a: '1' } }),
      obj('PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
      obj('ConfigMap', 'plain', { data: { a: '1' } }),
    );
    const after = yaml(
      obj('RoleBinding', 'rb', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'b' }, subjects: [] }, 'rbac.authorization.k8s.io/v1'),
      obj('ConfigMap', 'frozen', { immutable: true, data: { a: '2' } }),
      obj('PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '2Gi' } } } }),
      obj('ConfigMap', 'plain', { data: { a: '2' } }),
    );
    const report = ClusterPlan.compareYaml(before, after);
    expect(report.blockers.map(b => [b.object, b.field])).toEqual([
      ['RoleBinding ns/rb', 'roleRef.name'],
      ['ConfigMap ns/frozen', 'data.a'],
      ['PersistentVolumeClaim ns/data', 'spec.accessModes'],
    ]);
    expect(report.objects.map(o => `${o.kind}/${o.name}`)).toEqual(['RoleBinding/rb', 'ConfigMap/frozen', 'PersistentVolumeClaim/data', 'ConfigMap/plain']);
    expect(report.toText()).toContain('Blockers outside the clusters:\n  - RoleBinding ns/rb roleRef.name: a binding\'s `roleRef` cannot change.');
    expect(report.toMarkdown()).toContain('### Other objects\n\n- *changed* RoleBinding ns/rb\n  - `roleRef.name: a -> b`');
  });

  test('YAML input: a List is unpacked, empty documents and non-objects are skipped, created and removed objects are listed', () => {
    const before = `---\n# nothing\n---\n${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [obj('ConfigMap', 'a'), obj('ConfigMap', 'b')] })}\n---\njust a string\n`;
    const report = ClusterPlan.compareYaml(before, yaml(obj('ConfigMap', 'b'), obj('Secret', 'c')));
    expect(report.objects.map(o => `${o.change} ${o.kind}/${o.name}`)).toEqual(['removed ConfigMap/a', 'created Secret/c']);
    expect([report.clusters, report.hasChanges, report.hasBlockers]).toEqual([[], true, false]);
    expect(() => ClusterPlan.compareYaml('kind: [', '')).toThrow(/^before: /);
  });

  test('a new version of the library\'s shared ConfigMaps is explained in the report notes', () => {
    const shared = (component: string, hash: string) => obj('ConfigMap', `cdk8s-postgres-${component}-${hash}`,
      { metadata: { name: `cdk8s-postgres-${component}-${hash}`, namespace: 'ns', labels: { 'app.kubernetes.io/name': 'cdk8s-postgres', 'app.kubernetes.io/component': component } } });
    const report = ClusterPlan.compareYaml(yaml(shared('scripts', 'aaa'), shared('hooks', 'ccc')), yaml(shared('scripts', 'bbb'), shared('hooks', 'ddd')));
    expect(report.notes).toEqual([
      'ns: ConfigMap cdk8s-postgres-scripts-bbb replaces cdk8s-postgres-scripts-aaa: the library\'s Job programs changed (a new library version): the Jobs that mount them have new names and run once',
      'ns: ConfigMap cdk8s-postgres-hooks-ddd replaces cdk8s-postgres-hooks-ccc: the members\' preStop hook changed (a new library version): the members roll',
    ]);
    expect(report.toMarkdown()).toContain('### Notes\n\n- ns: ConfigMap cdk8s-postgres-scripts-bbb replaces');
    expect(JSON.parse(report.toJson()).notes).toHaveLength(2);
  });

  test('the same app on both sides: no changes', () => {
    const same = yaml(obj('ConfigMap', 'a', { data: { x: '1' } }));
    const report = ClusterPlan.compareYaml(same, same);
    expect([report.hasChanges, report.objects.length, report.toText()]).toEqual([false, 0,
      'Plan: 0 clusters: 0 created, 0 removed, 0 changed, 0 unchanged; 0 other objects changed; no blockers\n']);
  });
});
