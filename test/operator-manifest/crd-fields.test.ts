import { readFileSync } from 'fs';
import { join } from 'path';
import { postgresqlCrd, schemaLeaves } from '../../scripts/schema/operator-crd';
import { FIELD_TABLE, FieldStatus, fieldRow } from '../../src/operator-manifest/field-table';

/** ObjectMeta, which the CRD's schema leaves to the API server. */
const OBJECT_META = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations'];
/** Rows for fields the operator added after the version its Go module proxy serves (the v2.0 reference has them). */
const NEWER_THAN_THE_MODULE = [
  'spec.livenessProbe', 'spec.envFrom', 'spec.topologySpreadConstraints', 'spec.volume.type', 'spec.standby.standby_primary_slot_name',
  'spec.enableMasterNodePort', 'spec.enableReplicaNodePort', 'spec.masterNodePort', 'spec.replicaNodePort',
  'spec.enableMasterPoolerNodePort', 'spec.enableReplicaPoolerNodePort', 'spec.masterPoolerNodePort', 'spec.replicaPoolerNodePort',
];

describe('every field of the operator\'s postgresql CRD is mapped, refused or not applicable', () => {
  const crd = postgresqlCrd();
  const schema = crd.spec.versions.find((v: any) => v.storage).schema.openAPIV3Schema;
  const leaves = schemaLeaves(schema);

  test('the walk sees the whole schema', () => {
    expect(crd.metadata.name).toBe('postgresqls.acid.zalan.do');
    expect(leaves.length).toBeGreaterThan(120);
    expect(leaves).toContain('spec.volume.size');
    expect(leaves).toContain('spec.streams[].tables.*.eventType');
  });

  test('each leaf has a row', () => {
    expect(leaves.filter(l => !fieldRow(l))).toEqual([]);
  });

  test('each row names a field of the schema (or one newer than the module)', () => {
    const covers = (field: string) => leaves.some(l => l === field || l.startsWith(`${field}.`) || l.startsWith(`${field}[`));
    expect(FIELD_TABLE.map(r => r.field).filter(f => !covers(f) && ![...OBJECT_META, ...NEWER_THAN_THE_MODULE].includes(f))).toEqual([]);
  });

  test('refused rows say why; mapped rows name the prop', () => {
    for (const row of FIELD_TABLE) {
      expect(row.note.length).toBeGreaterThan(row.status === FieldStatus.MAPPED ? 3 : 20);
      if (row.status === FieldStatus.MAPPED) expect(row.note).toMatch(/`/);
      if (row.status !== FieldStatus.REFUSED) expect(row.safeToDrop).toBeUndefined();
    }
  });

  test('the README\'s table lists every refused and not-applicable row', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Coming from the operator'), readme.indexOf('### The Argo CD plugin'));
    const rows = section.split('\n').filter(l => l.startsWith('| `'));
    // A row's first cell names fields in backticks; `*` stands for any part of a name.
    const patterns = rows.flatMap(r => [...r.split('|')[1].matchAll(/`([^`]+)`/g)].map(m => new RegExp(`^${m[1].replace(/[.[\]]/g, '\\$&').replace(/\*/g, '[A-Za-z]*')}$`)));
    const listed = (field: string) => patterns.some(p => p.test(field));
    expect(FIELD_TABLE.filter(r => r.status !== FieldStatus.MAPPED && !listed(r.field)).map(r => r.field)).toEqual([]);
    expect([listed('spec.volume.iops'), listed('spec.teamId')]).toEqual([true, false]);
  });
});
