import { JsonPatch, Testing } from 'cdk8s';
import { PostgresCluster } from '../../src';

// The typed public objects render as plain ApiObjects: a JSON patch acts on the manifest as written, field names
// as Kubernetes spells them, and nothing the typed classes do not know is dropped.
describe('escape hatch: JSON patches on the public objects', () => {
  test('a patch on the StatefulSet and a Service reaches the manifest, including a field newer than the typed classes', () => {
    const chart = Testing.chart();
    const db = new PostgresCluster(chart, 'acid-db', { teamId: 'acid', instances: 2 });
    db.statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/hostUsers', false));
    db.statefulSet.addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 10));
    db.primaryService.addJsonPatch(JsonPatch.add('/spec/trafficDistribution', 'PreferClose'));
    const objects = Testing.synth(chart);
    const sts = objects.find(o => o.kind === 'StatefulSet');
    expect(sts.spec.template.spec.hostUsers).toBe(false);
    expect(sts.spec.minReadySeconds).toBe(10);
    const primary = objects.find(o => o.kind === 'Service' && o.metadata.name === 'acid-db');
    expect(primary.spec.trafficDistribution).toBe('PreferClose');
  });
});
