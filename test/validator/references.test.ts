import { EXTERNAL, batchAndApps, statefulSet, supportingObjects, validSet } from './fixtures';
import { rulesAt } from './helpers';

const without = (kind: string, name: string) => validSet().filter((o) => !(o.kind === kind && o.metadata.name === name));
const CREDS = 'postgres.acid-orders.credentials.postgresql.acid.zalan.do';

describe('Secrets and references', () => {
  test('no Secret carries data or stringData', () => {
    const secret = supportingObjects()[5];
    secret.data = { password: 'c2VjcmV0' };
    secret.stringData = { password: 'secret' };
    expect(rulesAt([secret])).toEqual(['secret/data data', 'secret/data stringData']);
  });

  test('a secretKeyRef to a Secret that is neither emitted nor external', () => {
    expect(rulesAt(without('Secret', CREDS))).toEqual([
      'ref/missing spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.name',
      'ref/missing spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
      'ref/missing spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
    ]);
  });

  test('configMapKeyRef and configMap volumes', () => {
    expect(rulesAt(without('ConfigMap', 'acid-orders-config'))).toEqual([
      'ref/missing spec.template.spec.containers[0].env[4].valueFrom.configMapKeyRef.name',
      'ref/missing spec.template.spec.volumes[0].configMap.name',
      'ref/missing spec.jobTemplate.spec.template.spec.volumes[0].configMap.name',
    ]);
  });

  test('projected secret sources, envFrom and secret volumes; optional: true is exempt', () => {
    const sts = statefulSet();
    const pod = sts.spec.template.spec;
    pod.containers[0].envFrom.push({ configMapRef: { name: 'pg-env' } });
    pod.volumes.push({ name: 'certs', secret: { secretName: 'pg-certs' } }, { name: 'maybe', secret: { secretName: 'pg-maybe', optional: true } });
    const issues = rulesAt([sts, ...supportingObjects()], { external: [] });
    expect(issues).toEqual([
      'ref/missing spec.template.spec.containers[0].envFrom[1].configMapRef.name',
      'ref/missing spec.template.spec.volumes[1].projected.sources[0].secret.name',
      'ref/missing spec.template.spec.volumes[2].secret.secretName',
    ]);
  });

  test('external objects: without namespace they match any, with one only that one', () => {
    expect(rulesAt(validSet(), { external: [{ kind: 'Secret', name: 'acid-orders-tls' }] })).toEqual([]);
    expect(rulesAt(validSet(), { external: [{ kind: 'Secret', namespace: 'db', name: 'acid-orders-tls' }] })).toEqual([]);
    expect(rulesAt(validSet(), { external: [{ kind: 'Secret', namespace: 'other', name: 'acid-orders-tls' }] }))
      .toEqual(['ref/missing spec.template.spec.volumes[1].projected.sources[0].secret.name']);
    expect(rulesAt(validSet(), { external: [{ kind: 'ConfigMap', name: 'acid-orders-tls' }] })).toHaveLength(1);
  });

  test('objects in another namespace do not satisfy a reference; defaultNamespace places unnamespaced ones', () => {
    const objs = validSet();
    for (const o of objs) delete o.metadata.namespace;
    expect(rulesAt(objs)).toEqual([]);
    const secret = objs.find((o) => o.kind === 'Secret');
    secret.metadata.namespace = 'elsewhere';
    expect(rulesAt(objs, { external: EXTERNAL, defaultNamespace: 'db' })).toHaveLength(3);
  });

  test('a pod\'s ServiceAccount must exist ("default" always does)', () => {
    expect(rulesAt(without('ServiceAccount', 'acid-orders'))).toEqual([
      'ref/missing spec.template.spec.serviceAccountName',
      'ref/missing spec.template.spec.serviceAccountName',
      'ref/missing spec.jobTemplate.spec.template.spec.serviceAccountName',
    ]);
    const dep = batchAndApps()[2];
    dep.spec.template.spec.serviceAccountName = 'default';
    expect(rulesAt([dep])).toEqual([]);
  });

  test('every namespace has the ConfigMap kube-root-ca.crt; other ConfigMaps must exist', () => {
    const dep = batchAndApps()[2];
    dep.spec.template.spec.volumes = [{ name: 'ca', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { configMap: { name: 'kube-root-ca' } }] } }];
    expect(rulesAt([dep], { external: [] })).toEqual(['ref/missing spec.template.spec.volumes[0].projected.sources[1].configMap.name']);
  });

  test('a RoleBinding\'s Role must exist', () => {
    expect(rulesAt(without('Role', 'acid-orders'))).toEqual(['ref/missing roleRef.name']);
  });

  test('duplicate objects: same group, kind, namespace and name, whatever the version', () => {
    const [a, b, c] = [supportingObjects()[4], supportingObjects()[4], supportingObjects()[4]];
    c.metadata.namespace = 'other';
    expect(rulesAt([a, b, c])).toEqual(['object/duplicate metadata.name']);
    const hpa = (v: string) => ({ apiVersion: `autoscaling/${v}`, kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'db' }, spec: { maxReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: 'd' } } });
    expect(rulesAt([hpa('v1'), hpa('v2')])).toEqual(['object/duplicate metadata.name']);
  });

  test('cluster-scoped duplicates ignore the default namespace', () => {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(rulesAt([ns('db'), ns('db')], { defaultNamespace: 'x' })).toEqual(['object/duplicate metadata.name']);
  });
});
