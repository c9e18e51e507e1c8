// Growing the pgdata volumes of a running cluster: each member's claim rendered with the new size while the
// StatefulSet's claim template (immutable in Kubernetes) keeps the size the cluster was created with.
import { Size } from 'cdk8s';
import { PostgresCluster } from '../../src';
import { byKind, chart, named, synth } from '../util';

const build = (volume: Record<string, unknown>, instances = 3) => {
  const c = chart();
  new PostgresCluster(c, 'db', { teamId: 'acid', instances, volume });
  return synth(c);
};
const templateSize = (objects: any[]) => named(objects, 'StatefulSet', 'db').spec.volumeClaimTemplates[0].spec.resources.requests.storage;

test('by default no claim is rendered: the StatefulSet creates them from its template, as under the operator', () => {
  const objects = build({ size: Size.gibibytes(20) });
  expect(byKind(objects, 'PersistentVolumeClaim')).toEqual([]);
  expect(templateSize(objects)).toBe('20Gi');
});

test('grown: every member\'s claim pgdata-<c>-<i> has the new size, the template keeps the old one', () => {
  const before = build({ size: Size.gibibytes(10) });
  const after = build({ size: Size.gibibytes(25), claimTemplateSize: Size.gibibytes(10) });
  // The StatefulSet is byte-identical: nothing the API server would refuse, no pod rolled.
  expect(named(after, 'StatefulSet', 'db')).toEqual(named(before, 'StatefulSet', 'db'));
  const claims = byKind(after, 'PersistentVolumeClaim');
  expect(claims.map(c => c.metadata.name)).toEqual(['pgdata-db-0', 'pgdata-db-1', 'pgdata-db-2']);
  const template = named(after, 'StatefulSet', 'db').spec.volumeClaimTemplates[0];
  for (const claim of claims) {
    expect(claim.metadata.namespace).toBe('db');
    // What the StatefulSet would have created, except the size: it adopts the claim by name.
    expect(claim.metadata.labels).toEqual(template.metadata.labels);
    expect(claim.spec).toEqual({ ...template.spec, resources: { requests: { storage: '25Gi' } } });
    // GitOps tools never prune or delete a claim; no earlier wave (a WaitForFirstConsumer claim would block it).
    expect(claim.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  }
});

test('the storage class and selector of the template carry over to the claims', () => {
  const objects = build({
    size: Size.gibibytes(20), claimTemplateSize: Size.gibibytes(10), storageClass: 'fast', selector: { matchLabels: { tier: 'db' } },
  });
  for (const claim of byKind(objects, 'PersistentVolumeClaim')) {
    expect(claim.spec.storageClassName).toBe('fast');
    expect(claim.spec.selector).toEqual({ matchLabels: { tier: 'db' } });
  }
});

test('claims follow instances: scaling up adds one, scaling down stops rendering it (the tools keep it)', () => {
  const grown = { size: Size.gibibytes(20), claimTemplateSize: Size.gibibytes(10) };
  expect(byKind(build(grown, 4), 'PersistentVolumeClaim').map(c => c.metadata.name)).toEqual(['pgdata-db-0', 'pgdata-db-1', 'pgdata-db-2', 'pgdata-db-3']);
  expect(byKind(build(grown, 1), 'PersistentVolumeClaim').map(c => c.metadata.name)).toEqual(['pgdata-db-0']);
});

test('a template size equal to the size renders no claim (nothing grew)', () => {
  expect(byKind(build({ size: Size.gibibytes(10), claimTemplateSize: Size.gibibytes(10) }), 'PersistentVolumeClaim')).toEqual([]);
});
