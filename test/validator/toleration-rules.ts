/**
 * Toleration rules the API server enforces beyond the schema (whose enums
 * already cover operator and effect): a key is a qualified name, only Exists
 * may go without a key, Equal compares with a label value, Exists takes no
 * value, and tolerationSeconds only means something for NoExecute.
 */

import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { labelValue, qualifiedName } from './names';

export function checkTolerations(tolerations: unknown, base: string, sink: IssueSink): void {
  list(tolerations).forEach((t, i) => {
    if (!isObject(t)) return;
    const p = index(base, i);
    const key = typeof t.key === 'string' ? t.key : '';
    // an empty or absent operator means Equal
    const op = typeof t.operator === 'string' ? t.operator : '';
    const value = typeof t.value === 'string' ? t.value : '';
    if (key !== '') {
      const bad = qualifiedName(key);
      if (bad) sink.add(field(p, 'key'), 'pod/toleration', `toleration key ${JSON.stringify(key)}: ${bad}`);
    } else if (op !== 'Exists') {
      sink.add(field(p, 'operator'), 'pod/toleration', 'a toleration without a key must use operator Exists (it then tolerates every taint)');
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      sink.add(field(p, 'effect'), 'pod/toleration', 'tolerationSeconds is only allowed with effect NoExecute');
    }
    if (op === 'Equal' || op === '') {
      const bad = labelValue(value);
      if (bad) sink.add(field(p, 'value'), 'pod/toleration', `toleration value ${JSON.stringify(value)}: ${bad}`);
    } else if (op === 'Exists' && value !== '') {
      sink.add(field(p, 'value'), 'pod/toleration', 'value must be empty with operator Exists');
    }
  });
}
