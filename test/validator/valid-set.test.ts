import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { EXTERNAL, statefulSet, supportingObjects, validSet } from './fixtures';
import { assertValidManifests, formatIssues, validateManifests } from './index';

describe('a realistic valid manifest set', () => {
  test('validates clean', () => {
    expect(formatIssues(validateManifests(validSet(), { external: EXTERNAL }))).toBe('');
  });

  test('cdk8s-plus-28 output validates clean', () => {
    const chart = new Chart(Testing.app(), 'plus', { namespace: 'apps' });
    const cm = new kplus.ConfigMap(chart, 'cfg', { metadata: { name: 'app-config' }, data: { a: 'b' } });
    const dep = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, replicas: 2 });
    const c = dep.addContainer({ name: 'web', image: 'nginx:1.27', portNumber: 8080, resources: {} });
    c.env.addVariable('MODE', kplus.EnvValue.fromConfigMap(cm, 'a'));
    c.mount('/cache', kplus.Volume.fromEmptyDir(chart, 'cache', 'cache'));
    dep.exposeViaService({ name: 'web', ports: [{ port: 80, targetPort: 8080 }] });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    expect(formatIssues(validateManifests(objects))).toBe('');
  });

  test('assertValidManifests throws one line per issue', () => {
    const sts = statefulSet();
    sts.spec.replicas = 'two';
    sts.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    expect(() => assertValidManifests([sts, ...supportingObjects()], { external: EXTERNAL })).toThrow([
      '2 manifest issue(s):',
      'StatefulSet db/acid-orders: spec.replicas: [schema/type] expected integer, got string "two"',
      'StatefulSet db/acid-orders: spec.template.spec.containers[0].imagePullPolicy: [schema/enum] "Sometimes" is not one of "Always", "IfNotPresent", "Never"',
    ].join('\n'));
  });

  test('3900 objects validate in a few seconds at most', () => {
    const many: any[] = [];
    for (let i = 0; i < 300; i++) {
      for (const o of validSet()) {
        o.metadata.namespace = `ns-${i}`;
        many.push(o);
      }
    }
    const externals = [{ kind: 'Secret', name: 'acid-orders-tls' }];
    const t0 = Date.now();
    const issues = validateManifests(many, { external: externals });
    const ms = Date.now() - t0;
    expect(issues).toEqual([]);
    expect(many.length).toBe(3900);
    expect(ms).toBeLessThan(5000);
  });
});
