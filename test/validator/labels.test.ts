import { batchAndApps, statefulSet, supportingObjects } from './fixtures';
import { rulesOf } from './helpers';

describe('labels, annotations and selector syntax', () => {
  test('bad label keys and values on the object, the pod template and claim templates', () => {
    const sts = statefulSet();
    sts.metadata.labels['Team/x'] = 'a';
    sts.spec.template.metadata.labels.version = 'v 1';
    sts.spec.volumeClaimTemplates[0].metadata.labels.long = 'x'.repeat(64);
    expect(rulesOf(sts).sort()).toEqual([
      'label/key metadata.labels["Team/x"]',
      'label/value spec.template.metadata.labels.version',
      'label/value spec.volumeClaimTemplates[0].metadata.labels.long',
    ]);
  });

  test('annotation keys follow label key syntax; values are free', () => {
    const sts = statefulSet();
    sts.spec.template.metadata.annotations['cdk8s postgres/hash'] = 'anything at all: {"x": 1}';
    expect(rulesOf(sts)).toEqual(['label/annotation-key spec.template.metadata.annotations["cdk8s postgres/hash"]']);
  });

  test('annotations may not exceed 256 KiB in total', () => {
    const cm = supportingObjects()[4];
    cm.metadata.annotations = { big: 'x'.repeat(256 * 1024) };
    expect(rulesOf(cm)).toEqual(['label/annotations-size metadata.annotations']);
  });

  test('selector keys and values, in any LabelSelector (PDB, affinity, NetworkPolicy)', () => {
    const pdb = supportingObjects()[3];
    pdb.spec.selector.matchLabels = { 'cluster-name': 'acid orders' };
    const np = supportingObjects()[6];
    np.spec.ingress[0].from[0].podSelector.matchExpressions[0].key = 'bad key';
    expect(rulesOf(pdb)).toEqual(['label/value spec.selector.matchLabels["cluster-name"]']);
    expect(rulesOf(np)).toEqual(['label/key spec.ingress[0].from[0].podSelector.matchExpressions[0].key']);
  });

  test('selector operators: known ones, values only for In/NotIn', () => {
    const dep = batchAndApps()[2];
    dep.spec.selector.matchExpressions = [
      { key: 'a', operator: 'Equals', values: ['x'] },
      { key: 'b', operator: 'In', values: [] },
      { key: 'c', operator: 'Exists', values: ['y'] },
    ];
    expect(rulesOf(dep)).toEqual(expect.arrayContaining([
      'label/selector-operator spec.selector.matchExpressions[0].operator',
      'label/selector-operator spec.selector.matchExpressions[1].values',
      'label/selector-operator spec.selector.matchExpressions[2].values',
    ]));
  });

  test('Service selectors are label maps too', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'db' }, spec: { selector: { 'spilo role': 'master' }, ports: [{ port: 5432 }] } };
    expect(rulesOf(svc)).toEqual(['label/key spec.selector["spilo role"]']);
  });
});
