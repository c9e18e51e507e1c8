import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const withTolerations = (...tolerations: any[]) => {
  const sts = statefulSet();
  sts.spec.template.spec.tolerations = tolerations;
  return sts;
};
const AT = 'spec.template.spec.tolerations';

describe('tolerations', () => {
  test('accepted: Exists without key or value, Equal with a label value, empty operator and effect, NoExecute with seconds', () => {
    expect(rulesOf(withTolerations(
      { operator: 'Exists' },
      { key: 'dedicated', operator: 'Equal', value: 'postgres', effect: 'NoSchedule' },
      { key: 'example.com/db', value: '', operator: '', effect: '' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ))).toEqual([]);
  });

  test('a key is a qualified name; without one the operator must be Exists', () => {
    expect(rulesOf(withTolerations(
      { key: 'bad key', operator: 'Exists' },
      { key: 'a/b/c', operator: 'Exists' },
      { operator: 'Equal', value: 'x' },
      { value: 'x' },
    ))).toEqual([`pod/toleration ${AT}[0].key`, `pod/toleration ${AT}[1].key`, `pod/toleration ${AT}[2].operator`, `pod/toleration ${AT}[3].operator`]);
  });

  test('Equal compares with a label value; Exists takes none', () => {
    expect(rulesOf(withTolerations(
      { key: 'k', operator: 'Equal', value: 'not/a-label-value' },
      { key: 'k', value: 'x'.repeat(64) },
      { key: 'k', operator: 'Exists', value: 'yes' },
    ))).toEqual([`pod/toleration ${AT}[0].value`, `pod/toleration ${AT}[1].value`, `pod/toleration ${AT}[2].value`]);
  });

  test('tolerationSeconds only with NoExecute', () => {
    expect(rulesOf(withTolerations(
      { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 },
      { key: 'k', operator: 'Exists', tolerationSeconds: 0 },
    ))).toEqual([`pod/toleration ${AT}[0].effect`, `pod/toleration ${AT}[1].effect`]);
  });

  test('operator and effect outside their enums are schema issues', () => {
    expect(rulesOf(withTolerations({ key: 'k', operator: 'In', effect: 'NoStart' })))
      .toEqual([`schema/enum ${AT}[0].operator`, `schema/enum ${AT}[0].effect`]);
  });
});
