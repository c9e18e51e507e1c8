import { Testing } from 'cdk8s';
import { synthApp } from './util';
import { EXAMPLES } from '../examples/registry';

describe.each(EXAMPLES.map(e => [e.name, e] as const))('example %s', (_name, example) => {
  test('synthesizes valid manifests that match the reviewed snapshot', () => {
    // GIVEN
    const app = Testing.app();
    // WHEN
    example.build(app);
    const objects = synthApp(app);
    // THEN
    expect(objects).toMatchSnapshot();
  });

  test('every object is namespaced, and exactly one StatefulSet per cluster', () => {
    const app = Testing.app();
    example.build(app);
    const objects = synthApp(app);
    for (const o of objects) expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace ?? '<none>'}`).not.toMatch(/<none>$/);
    const clusters = new Set(objects.filter(o => o.kind === 'Service' && o.metadata.labels?.['spilo-role'] === 'master')
      .map(o => `${o.metadata.namespace}/${o.metadata.name}`));
    const statefulSets = objects.filter(o => o.kind === 'StatefulSet').map(o => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(new Set(statefulSets)).toEqual(clusters);
  });

  test('the upgrade variant is valid and changes only mutable StatefulSet fields', () => {
    const base = synthApp(buildApp(example.build));
    const upgraded = synthApp(buildApp(example.build, true));
    const key = (o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const before = new Map(base.map(o => [key(o), o]));
    let changed = 0;
    for (const after of upgraded.filter(o => o.kind === 'StatefulSet')) {
      const old = before.get(key(after));
      expect(old).toBeDefined();
      // The API server refuses changes to anything but replicas, template, updateStrategy,
      // persistentVolumeClaimRetentionPolicy, minReadySeconds and ordinals.
      for (const field of ['selector', 'serviceName', 'volumeClaimTemplates', 'podManagementPolicy']) {
        expect(after.spec[field]).toEqual(old.spec[field]);
      }
      if (JSON.stringify(after.spec) !== JSON.stringify(old.spec)) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });
});

function buildApp(build: (app: any, options?: any) => unknown, upgrade = false) {
  const app = Testing.app();
  build(app, { upgrade });
  return app;
}
