// The corpus of operator manifests: it sets every field of the CRD, and what the library renders from it is valid,
// keeps the operator's names, labels, Secrets and backup paths, and is the same from either configuration form.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { appOf, CONFIGMAP, CONFIGURATION, convert, CORPUS, RENDERABLE, run } from './harness';
import { postgresqlCrd, schemaLeaves } from '../../scripts/schema/operator-crd';
import { parseDocuments } from '../../src/operator-manifest/documents';
import { envValue, named, postgresContainer, synthApp } from '../util';

/** Leaf paths of a document, spelled as the schema walk spells them (`[]` list items, `*` map values). */
function setPaths(value: any, schema: any, prefix: string, out: Set<string>): void {
  if (value === undefined || value === null) return;
  if (schema?.properties && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (schema.properties[k]) setPaths(v, schema.properties[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (schema?.type === 'array' && schema.items?.properties && Array.isArray(value)) {
    value.forEach(item => setPaths(item, schema.items, `${prefix}[]`, out));
  } else if (schema?.additionalProperties?.properties && typeof value === 'object') {
    Object.values(value).forEach(v => setPaths(v, schema.additionalProperties, `${prefix}.*`, out));
  } else {
    out.add(prefix);
  }
}

describe('the corpus', () => {
  const crd = postgresqlCrd();
  const schema = crd.spec.versions.find((v: any) => v.storage).schema.openAPIV3Schema;

  test('sets every field of the CRD (but status)', () => {
    const all = schemaLeaves(schema);
    const set = new Set<string>();
    for (const file of readdirSync(CORPUS)) {
      for (const doc of parseDocuments(file, readFileSync(join(CORPUS, file), 'utf8'))) setPaths(doc, schema, '', set);
    }
    expect(all.filter(p => !set.has(p) && p !== 'status')).toEqual([]);
    expect(set.size).toBeGreaterThan(130);
  });

  test.each(RENDERABLE.map(f => [f.split('/').pop()!, f]))('%s renders to valid manifests', (_name, file) => {
    const conversion = convert([file]);
    expect(conversion.findings.errors).toEqual([]);
    const objects = synthApp(appOf(conversion));
    expect(objects.filter(o => o.kind === 'StatefulSet').map(o => o.metadata.name).sort())
      .toEqual(conversion.clusters.map(c => c.name).sort());
  });

  test('the complete manifest keeps the operator\'s names, labels, Secrets and backup paths', () => {
    const objects = synthApp(appOf(convert([join(CORPUS, '02-complete.yaml')])));
    const sts = named(objects, 'StatefulSet', 'acid-test-cluster');
    expect(sts.metadata.namespace).toBe('orders');
    // inherited_labels lists `environment`; the Argo CD tracking label is not inherited.
    expect(sts.metadata.labels).toMatchObject({ 'application': 'spilo', 'cluster-name': 'acid-test-cluster', 'team': 'acid', 'environment': 'demo' });
    expect(sts.metadata.labels['argocd.argoproj.io/instance']).toBeUndefined();
    expect(sts.metadata.annotations).toMatchObject({ owner: 'team-orders' });
    expect(sts.metadata.annotations['acid.zalan.do/controller']).toBeUndefined();
    const pg = postgresContainer(sts);
    expect(pg.image).toBe('ghcr.io/zalando/spilo-17:4.0-p2');
    expect(envValue(pg, 'PGVERSION')).toBe('17');
    // metadata.uid is the backup path suffix, as under the operator.
    expect(envValue(pg, 'WAL_S3_BUCKET')).toBe('acid-wal');
    expect(envValue(pg, 'WAL_BUCKET_SCOPE_SUFFIX')).toBe('/5c2d7a84-3b1e-4c7f-9a0d-2f6e8b1c4d90');
    expect(envValue(pg, 'LOG_BUCKET_SCOPE_SUFFIX')).toBe('/5c2d7a84-3b1e-4c7f-9a0d-2f6e8b1c4d90');
    const secretRefs = JSON.stringify(objects);
    for (const user of ['postgres', 'standby', 'zalando', 'foo-user', 'pooler', 'bar-owner-user']) {
      expect(secretRefs).toContain(`${user}.acid-test-cluster.credentials.postgresql.acid.zalan.do`);
    }
    expect(named(objects, 'Service', 'acid-test-cluster').spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'] });
    expect(named(objects, 'Service', 'acid-test-cluster-repl').spec.type).toBe('LoadBalancer');
    expect(named(objects, 'Deployment', 'acid-test-cluster-pooler').spec.replicas).toBe(2);
    expect(named(objects, 'Deployment', 'acid-test-cluster-pooler-repl').spec.replicas).toBe(2);
    expect(named(objects, 'CronJob', 'logical-backup-acid-test-cluster').spec.schedule).toBe('30 00 * * *');
    expect(named(objects, 'PodDisruptionBudget', 'postgres-acid-test-cluster-pdb')).toBeDefined();
    const volumes = sts.spec.template.spec.volumes.map((v: any) => v.name);
    expect(volumes).toEqual(expect.arrayContaining(['dshm', 'empty', 'scratch', 'orders-tls', 'orders-ca']));
  });

  test('the operator configuration reaches every cluster as the fleet defaults', () => {
    const objects = synthApp(appOf(convert([join(CORPUS, '01-minimal.yaml')])));
    const sts = named(objects, 'StatefulSet', 'acid-minimal-cluster');
    const pod = sts.spec.template.spec;
    expect(postgresContainer(sts).image).toBe('ghcr.io/zalando/spilo-17:4.0-p2');
    expect(postgresContainer(sts).resources).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '500Mi' } });
    expect(postgresContainer(sts).envFrom).toEqual([{ configMapRef: { name: 'postgres-pod-config' } }]);
    expect(pod.tolerations).toEqual([{ key: 'postgres', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'lifecycle-status', operator: 'In', values: ['ready'] }] }]);
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect([pod.securityContext.fsGroup, pod.terminationGracePeriodSeconds]).toEqual([103, 300]);
    expect(sts.spec.template.metadata.annotations.keya).toBe('valuea');
    expect(named(objects, 'Service', 'acid-minimal-cluster').metadata.annotations).toEqual({ team: 'databases' });
    expect(envValue(postgresContainer(sts), 'LOG_S3_BUCKET')).toBe('acid-logs');
    // Without a configuration: the library's defaults, no backups.
    const plain = synthApp(appOf(convert([join(CORPUS, '01-minimal.yaml')], null)));
    expect(envValue(postgresContainer(named(plain, 'StatefulSet', 'acid-minimal-cluster')), 'WAL_S3_BUCKET')).toBeUndefined();
  });

  test('the ConfigMap form of the operator configuration renders the same YAML as the OperatorConfiguration', () => {
    const files = RENDERABLE.map(f => f);
    const a = run(['render', ...files, '--operator-configuration', CONFIGURATION]);
    const b = run(['render', ...files, '--operator-configuration', CONFIGMAP]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.out.length).toBeGreaterThan(10_000);
    expect(b.out).toBe(a.out);
  });
});
