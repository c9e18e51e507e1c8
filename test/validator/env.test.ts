import { statefulSet } from './fixtures';
import { rulesOf } from './helpers';

const pg = (sts: any) => sts.spec.template.spec.containers[0];
const AT = 'spec.template.spec.containers[0]';

describe('env: secretKeyRef and configMapKeyRef', () => {
  test('accepted: keys of up to 253 of [-._a-zA-Z0-9], one leading "."', () => {
    const sts = statefulSet();
    pg(sts).env[3].valueFrom.secretKeyRef.key = '.pgpass';
    pg(sts).env[4].valueFrom.configMapKeyRef.key = 'k'.repeat(253);
    expect(rulesOf(sts)).toEqual([]);
  });

  test('names are DNS-1123 subdomains, so required', () => {
    const sts = statefulSet();
    pg(sts).env[3].valueFrom.secretKeyRef.name = 'Postgres_Credentials';
    delete pg(sts).env[4].valueFrom.configMapKeyRef.name;
    expect(rulesOf(sts)).toEqual([
      `pod/env-key-ref ${AT}.env[3].valueFrom.secretKeyRef.name`,
      `pod/env-key-ref ${AT}.env[4].valueFrom.configMapKeyRef.name`,
      // the renamed Secret is not in the set either
      `ref/missing ${AT}.env[3].valueFrom.secretKeyRef.name`,
    ]);
  });

  test.each(['..', '.', '..password', 'auth/password', 'pass word', '', 'k'.repeat(254)])('key %j is rejected', (key) => {
    const sts = statefulSet();
    pg(sts).env[3].valueFrom.secretKeyRef.key = key;
    pg(sts).env[4].valueFrom.configMapKeyRef.key = key;
    expect(rulesOf(sts)).toEqual([
      `pod/env-key-ref ${AT}.env[3].valueFrom.secretKeyRef.key`,
      `pod/env-key-ref ${AT}.env[4].valueFrom.configMapKeyRef.key`,
    ]);
  });
});

describe('env: names, envFrom, downward API', () => {
  test('names: not ".", "..", nor starting with ".."; one leading "." is fine', () => {
    const sts = statefulSet();
    pg(sts).env.push({ name: '.', value: 'x' }, { name: '..X', value: 'x' }, { name: '.X', value: 'x' }, { name: 'A=B', value: 'x' });
    expect(rulesOf(sts)).toEqual([`pod/env-name ${AT}.env[5].name`, `pod/env-name ${AT}.env[6].name`, `pod/env-name ${AT}.env[8].name`]);
  });

  test('envFrom: a valid prefix, one source, a DNS-1123 subdomain name', () => {
    const sts = statefulSet();
    pg(sts).envFrom = [
      { prefix: 'PG_', configMapRef: { name: 'acid-orders-config' } },
      { prefix: '1PG', secretRef: { name: 'WAL_Secret', optional: true } },
      { configMapRef: { name: 'a', optional: true }, secretRef: { name: 'b', optional: true } },
    ];
    expect(rulesOf(sts)).toEqual([
      `pod/env-name ${AT}.envFrom[1].prefix`,
      `pod/env-key-ref ${AT}.envFrom[1].secretRef.name`,
      `pod/env-source ${AT}.envFrom[2]`,
    ]);
  });

  test('fieldRef: what the downward API offers env vars; resourceFieldRef: container resources', () => {
    const sts = statefulSet();
    const field = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
    pg(sts).env.push(
      { name: 'A', ...field("metadata.labels['cluster-name']") },
      { name: 'B', ...field('spec.serviceAccountName') },
      { name: 'C', ...field('status.phase') },
      { name: 'D', ...field('metadata.labels') },
      { name: 'E', ...field("metadata.annotations['bad key']") },
      { name: 'F', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
      { name: 'G', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
    );
    expect(rulesOf(sts)).toEqual([
      `pod/env-source ${AT}.env[7].valueFrom.fieldRef.fieldPath`,
      `pod/env-source ${AT}.env[8].valueFrom.fieldRef.fieldPath`,
      `pod/env-source ${AT}.env[9].valueFrom.fieldRef.fieldPath`,
      `pod/env-source ${AT}.env[11].valueFrom.resourceFieldRef.resource`,
    ]);
  });
});
