// Built-in sidecar configuration (the exporter's query set) is emitted once per chart and namespace, named after its
// content, and goes only when no cluster of the chart mounts it any more.
import { Chart, Testing } from 'cdk8s';
import { FleetDefaults, PostgresCluster, PostgresSidecar } from '../../src';
import { contentName } from '../../src/private/namespace-config-map';
import { synth } from '../util';

const isExporterConfig = (o: any) => o.kind === 'ConfigMap' && /^cdk8s-postgres-postgres-exporter-[0-9a-f]{10}$/.test(o.metadata.name);
const fleet = () => new FleetDefaults({ sidecars: [PostgresSidecar.postgresExporter()] });

test('one copy per chart and namespace, mounted by every cluster there', () => {
  const c = new Chart(Testing.app(), 'c', { namespace: 'db' });
  const f = fleet();
  for (const name of ['a', 'b', 'd']) new PostgresCluster(c, name, { teamId: 'acid', fleet: f });
  const objects = synth(c);
  const configs = objects.filter(isExporterConfig);
  expect(configs).toHaveLength(1);
  expect(configs[0].immutable).toBe(true);
  for (const sts of objects.filter(o => o.kind === 'StatefulSet')) {
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'postgres-exporter-config', configMap: { name: configs[0].metadata.name } });
  }
});

test('one copy per app and namespace, whatever the charts: kustomize would refuse two', () => {
  const app = Testing.app();
  const f = fleet();
  const copies = ['one', 'two', 'three'].map((id, i) => {
    const c = new Chart(app, id, { namespace: i < 2 ? 'db' : 'other', labels: { chart: id } });
    new PostgresCluster(c, `db-${id}`, { teamId: 'acid', fleet: f, labels: { owner: id } });
    return synth(c).filter(isExporterConfig);
  });
  expect(copies.map(c => c.length)).toEqual([1, 0, 1]);
  expect(copies[2][0].metadata.namespace).toBe('other');
  expect(copies[2][0].metadata.name).toBe(copies[0][0].metadata.name);
});

test('the last cluster of the app that stops using it removes it, from whichever chart holds it', () => {
  const app = Testing.app();
  const f = fleet();
  const first = new Chart(app, 'first', { namespace: 'db' });
  const second = new Chart(app, 'second', { namespace: 'db' });
  const a = new PostgresCluster(first, 'a', { teamId: 'acid', fleet: f });
  const b = new PostgresCluster(second, 'b', { teamId: 'acid', fleet: f });
  const own = () => new PostgresSidecar({ name: 'postgres-exporter', image: 'example.com/exporter:1' });
  a.addSidecar(own());
  expect(synth(first).filter(isExporterConfig)).toHaveLength(1); // b, in the other chart, still mounts it
  b.addSidecar(own());
  expect([...synth(first), ...synth(second)].filter(isExporterConfig)).toEqual([]);
});

test('a cluster sidecar replacing the fleet exporter releases it; the last user out removes it', () => {
  const c = new Chart(Testing.app(), 'c', { namespace: 'db' });
  const f = fleet();
  const a = new PostgresCluster(c, 'a', { teamId: 'acid', fleet: f });
  const b = new PostgresCluster(c, 'b', { teamId: 'acid', fleet: f });
  const own = () => new PostgresSidecar({ name: 'postgres-exporter', image: 'example.com/exporter:1' });
  a.addSidecar(own());
  expect(synth(c).filter(isExporterConfig)).toHaveLength(1); // b still mounts it
  b.addSidecar(own());
  expect(synth(c).filter(isExporterConfig)).toEqual([]);
});

test('new content is a new name, so the pods roll when the query set changes', () => {
  const sidecar = PostgresSidecar.postgresExporter();
  const c = new Chart(Testing.app(), 'c', { namespace: 'db' });
  new PostgresCluster(c, 'a', { teamId: 'acid', sidecars: [sidecar] });
  const name = synth(c).find(isExporterConfig).metadata.name;
  // A user sidecar with the same files but no built-in flag keeps its per-cluster ConfigMap.
  const custom = new PostgresSidecar({ ...sidecar._props });
  const d = new Chart(Testing.app(), 'd', { namespace: 'db' });
  new PostgresCluster(d, 'a', { teamId: 'acid', sidecars: [custom] });
  const objects = synth(d);
  expect(objects.filter(isExporterConfig)).toEqual([]);
  expect(objects.find(o => o.metadata.name === 'a-sidecar-postgres-exporter').data).toEqual(synth(c).find(isExporterConfig).data);
  expect(name).toBe(contentName('cdk8s-postgres-postgres-exporter', { 'queries.yaml': sidecar._props.configFiles!['queries.yaml'] }));
  expect(contentName('p', { f: 'a' })).toBe(contentName('p', { f: 'a' }));
  expect(contentName('p', { f: 'a' })).not.toBe(contentName('p', { f: 'b' }));
});
