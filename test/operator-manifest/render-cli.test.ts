// `cdk8s-postgres render`: inputs (files, directories, stdin, multi-document), refusals and --lenient, exit codes
// (0 rendered, 1 refused, 2 usage or input error), --output, objects passed through, and the dispatcher keeping
// `plan` reachable.
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CONFIGURATION, CORPUS, run, tempDir } from './harness';
import { FIELD_TABLE, FieldStatus } from '../../src/operator-manifest/field-table';

const minimal = join(CORPUS, '01-minimal.yaml');
const manifest = (name: string, spec: string) => `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: ${name}
  namespace: shop
spec:
  teamId: shop
  numberOfInstances: 1
  postgresql:
    version: "17"
  volume:
    size: 1Gi
${spec}`;

describe('cdk8s-postgres render', () => {
  test('a file: exit 0, the YAML on stdout, nothing on stderr', () => {
    const r = run(['render', minimal]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/^apiVersion: /);
    expect(r.out).toContain('  name: acid-minimal-cluster\n  namespace: orders\n');
    expect(r.out).toContain('name: zalando.acid-minimal-cluster.credentials.postgresql.acid.zalan.do');
  });

  test('stdin with several documents, and a directory, give the same output as the files', () => {
    const two = `${manifest('db-a', '')}---\n${manifest('db-b', '')}`;
    const fromStdin = run(['render', '-'], two);
    const dir = tempDir('render-dir-');
    writeFileSync(join(dir, 'a.yaml'), manifest('db-a', ''));
    writeFileSync(join(dir, 'b.yml'), manifest('db-b', ''));
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    const fromDir = run(['render', dir]);
    expect([fromStdin.code, fromDir.code]).toEqual([0, 0]);
    expect(fromStdin.out).toBe(fromDir.out);
    expect(fromStdin.out.match(/^kind: StatefulSet$/gm)).toHaveLength(2);
  });

  test('--output: one file per namespace, nothing on stdout', () => {
    const out = tempDir('render-out-');
    const r = run(['render', minimal, join(CORPUS, '06-standby-from-archive.yaml'), '--operator-configuration', CONFIGURATION, '--output', out]);
    expect([r.code, r.out]).toEqual([0, '']);
    expect(readdirSync(out).sort()).toEqual(['orders.k8s.yaml', 'reporting.k8s.yaml']);
  });

  test('objects of other kinds are passed through unchanged', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const r = run(['render', '-'], `${ns}---\n${manifest('db', '')}`);
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`${ns}---\n`)).toBe(true);
  });

  test('a refused field: exit 1, each field named with the reason; --lenient drops the safe ones with a warning', () => {
    const file = join(CORPUS, '08-safe-to-drop.yaml');
    const strict = run(['render', file]);
    expect([strict.code, strict.out]).toEqual([1, '']);
    for (const field of ['spec.volume.iops', 'spec.volume.throughput', 'spec.volume.type', 'spec.usersWithSecretRotation', 'spec.usersWithInPlaceSecretRotation', 'spec.maintenanceWindows']) {
      expect(strict.err).toContain(`error: postgresql orders/acid-lenient: ${field}: `);
    }
    expect(strict.err).toContain('(--lenient drops it)');
    const lenient = run(['render', file, '--lenient']);
    expect(lenient.code).toBe(0);
    expect(lenient.err).toContain('warning: postgresql orders/acid-lenient: spec.volume.iops: the operator sets it through the AWS EBS API');
    expect(lenient.err).not.toContain('error:');
    expect(lenient.out).toContain('kind: StatefulSet');
  });

  test('fields never safe to drop stay errors with --lenient', () => {
    const r = run(['render', join(CORPUS, '09-refused.yaml'), '--lenient']);
    expect([r.code, r.out]).toEqual([1, '']);
    for (const field of ['spec.clone.s3_access_key_id', 'spec.clone.s3_secret_access_key', 'spec.streams']) {
      expect(r.err).toContain(`error: postgresql orders/acid-refused: ${field}: `);
    }
  });

  test('every refused row of the table is refused when set, at the level the table says', () => {
    const refused = FIELD_TABLE.filter(r => r.status === FieldStatus.REFUSED);
    expect(refused.length).toBeGreaterThan(8);
    const text = [join(CORPUS, '08-safe-to-drop.yaml'), join(CORPUS, '09-refused.yaml')].map(f => readFileSync(f, 'utf8')).join('---\n');
    const errors = run(['render', '-', '--lenient'], text).err;
    for (const row of refused) {
      expect(errors).toContain(`${row.safeToDrop ? 'warning' : 'error'}: postgresql orders/acid-${row.safeToDrop ? 'lenient' : 'refused'}: ${row.field}: ${row.note}`);
    }
  });

  test('a retention in months or years becomes retentionMonths; days, weeks and hours a Duration', () => {
    const backup = (retention: string) => manifest('db', `  enableLogicalBackup: true\n  logicalBackupRetention: ${retention}\n`);
    const retention = (text: string) => /LOGICAL_BACKUP_S3_RETENTION_TIME\n\s+value: (.*)\n/.exec(run(['render', '-', '--operator-configuration', CONFIGURATION], backup(text)).out)?.[1];
    expect([retention('2 weeks'), retention('36 hours'), retention('1 day'), retention('3 months'), retention('1 year')])
      .toEqual(['14 days', '36 hours', '1 day', '3 months', '12 months']);
    const bad = run(['render', '-', '--operator-configuration', CONFIGURATION], backup('a fortnight'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("spec.logicalBackupRetention: 'a fortnight' is not a retention such as '14 days', '2 weeks' or '3 months'");
  });

  test('a field the CRD does not have: exit 1, named', () => {
    const r = run(['render', '-'], manifest('db', '  enableFancyMode: true\n'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: postgresql shop/db: spec.enableFancyMode: not a field of the postgresql resource (acid.zalan.do/v1)');
  });

  test('a value the library rejects: exit 1 with its message naming the prop', () => {
    const r = run(['render', '-'], manifest('db', '  env:\n    - name: PATRONI_TTL\n      value: "5"\n'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/shop\/db: env\[0\]\.name: 'PATRONI_TTL' is not valid/);
  });

  test('warnings for what changes meaning: env the operator ignored, sidecars without the superuser', () => {
    const r = run(['render', '-'], manifest('db', '  env:\n    - name: SCOPE\n      value: other\n  sidecars:\n    - image: busybox:1.36\n'));
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: postgresql shop/db: spec.env[0]: 'SCOPE' left out: the operator's own value always won over it");
    expect(r.err).toContain("warning: postgresql shop/db: spec.sidecars[0]: 'sidecar-0' no longer gets the superuser's credentials");
  });

  test.each([
    [['render'], /no manifests/],
    [['render', 'x.yaml', '--colour'], /unknown argument '--colour'/],
    [['render', 'x.yaml', '--output'], /--output needs a value/],
  ])('usage error %j: exit 2 with the usage', (argv, message) => {
    const r = run(argv);
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: cdk8s-postgres render <file|dir|->...');
  });

  test('input errors: exit 2 with the reason', () => {
    expect(run(['render', '/nonexistent.yaml'])).toMatchObject({ code: 2, err: expect.stringContaining('/nonexistent.yaml: no such file or directory') });
    expect(run(['render', '-'], 'kind: [unclosed\n')).toMatchObject({ code: 2, err: expect.stringContaining('<stdin>: ') });
    expect(run(['render', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n')).toMatchObject({ code: 2, err: expect.stringContaining('no postgresql resources') });
    expect(run(['render', '-'], manifest('db', '').replace('  teamId: shop\n', ''))).toMatchObject({ code: 2, err: expect.stringContaining('postgresql shop/db: spec.teamId is required') });
    expect(run(['render', '-'], manifest('db', '').replace('"17"', '"12"'))).toMatchObject({ code: 2, err: expect.stringContaining("spec.postgresql.version: '12' is not one of 13, 14, 15, 16, 17, 18") });
    expect(run(['render', minimal, '--operator-configuration', minimal])).toMatchObject({ code: 2, err: expect.stringContaining('expected one OperatorConfiguration or ConfigMap, found 0') });
  });

  test('an operator configuration that changes names or the DCS is refused, never dropped (--lenient drops the rest)', () => {
    const dir = tempDir('render-conf-');
    const conf = join(dir, 'c.yaml');
    writeFileSync(conf, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: postgres-operator\ndata:\n  super_username: admin\n'
      + '  kubernetes_use_configmaps: "false"\n  enable_spilo_wal_path_compat: "true"\n');
    const r = run(['render', minimal, '--operator-configuration', conf, '--lenient']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: ConfigMap postgres-operator: super_username: 'admin': the superuser is always postgres here");
    expect(r.err).toContain("error: ConfigMap postgres-operator: kubernetes_use_configmaps: 'false': Patroni keeps its state in ConfigMaps here");
    // Safe to drop: a warning with --lenient.
    expect(r.err).toContain("warning: ConfigMap postgres-operator: enable_spilo_wal_path_compat: 'true': ");
  });

  test('--help, and the dispatcher: plan stays reachable, unknown commands are usage errors', () => {
    expect(run(['render', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes: 0 rendered, 1 refused fields') });
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/plan {6}what applying/) });
    expect(run(['plan', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: cdk8s-postgres plan --before') });
    expect(run(['apply'])).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'apply'") });
  });
});
