import { batchAndApps, services, statefulSet, supportingObjects } from './fixtures';
import { rulesOf } from './helpers';
import { configMapKey, dns1123Label, dns1123Subdomain, envVarName, ianaSvcName, labelValue, qualifiedName } from './names';
import { localDescendingPath, localNonReservedPath } from './paths';

describe('name syntax', () => {
  test('DNS-1123 label and subdomain', () => {
    expect(dns1123Label('pg-0')).toBeUndefined();
    expect(dns1123Label('Pg')).toBeDefined();
    expect(dns1123Label('a.b')).toBeDefined();
    expect(dns1123Label('a'.repeat(64))).toMatch(/63/);
    expect(dns1123Subdomain('postgres.acid.credentials')).toBeUndefined();
    expect(dns1123Subdomain('-x')).toBeDefined();
    expect(dns1123Subdomain('a'.repeat(254))).toMatch(/253/);
  });

  test('IANA_SVC_NAME port names: ≤15, a letter, no "--"', () => {
    expect(ianaSvcName('postgresql')).toBeUndefined();
    expect(ianaSvcName('pg-exporter-metrics')).toMatch(/15/);
    expect(ianaSvcName('pg--x')).toMatch(/consecutive/);
    expect(ianaSvcName('5432')).toMatch(/letter/);
    expect(ianaSvcName('-pg')).toBeDefined();
  });

  test('label keys and values', () => {
    expect(qualifiedName('app.kubernetes.io/name')).toBeUndefined();
    expect(qualifiedName('cluster-name')).toBeUndefined();
    expect(qualifiedName('/x')).toMatch(/prefix/);
    expect(qualifiedName('Example.com/x')).toMatch(/prefix/);
    expect(qualifiedName('a/b/c')).toBeDefined();
    expect(qualifiedName('x'.repeat(64))).toMatch(/63/);
    expect(labelValue('')).toBeUndefined();
    expect(labelValue('v1.2_3-A')).toBeUndefined();
    expect(labelValue('a b')).toBeDefined();
    expect(labelValue('-a')).toBeDefined();
  });
});

describe('metadata.name per kind', () => {
  test('Services are DNS-1035 labels (no leading digit, no dots)', () => {
    const svc = services()[0];
    svc.metadata.name = '1-orders';
    expect(rulesOf(svc)).toEqual(['meta/name metadata.name']);
    svc.metadata.name = 'orders.primary';
    expect(rulesOf(svc)).toEqual(['meta/name metadata.name']);
  });

  test('StatefulSet names leave room for the controller-revision-hash label (≤52)', () => {
    const sts = statefulSet();
    sts.metadata.name = 'a'.repeat(52);
    expect(rulesOf(sts)).toEqual([]);
    sts.metadata.name = 'a'.repeat(53);
    expect(rulesOf(sts)).toEqual(['meta/name metadata.name']);
  });

  test('CronJob names ≤52, other kinds DNS-1123 subdomains, RBAC names path segments', () => {
    const cron = batchAndApps()[1];
    cron.metadata.name = 'logical-backup-' + 'x'.repeat(40);
    expect(rulesOf(cron)).toEqual(['meta/name metadata.name']);
    const cm = supportingObjects()[4];
    cm.metadata.name = 'Config_Map';
    expect(rulesOf(cm)).toEqual(['meta/name metadata.name']);
    const role = supportingObjects()[1];
    role.metadata.name = 'system:acid-orders';
    expect(rulesOf(role)).toEqual([]);
    role.metadata.name = 'a/b';
    expect(rulesOf(role)).toEqual(['meta/name metadata.name']);
  });

  test('name is required; generateName cannot be applied by GitOps', () => {
    const cm = supportingObjects()[4];
    cm.metadata = { generateName: 'x-', namespace: 'db' };
    expect(rulesOf(cm)).toEqual(['meta/name metadata.name']);
  });

  test('namespaces are DNS-1123 labels and cluster-scoped kinds take none', () => {
    const cm = supportingObjects()[4];
    cm.metadata.namespace = 'Team.A';
    expect(rulesOf(cm)).toEqual(['meta/namespace metadata.namespace']);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'db', namespace: 'default' } };
    expect(rulesOf(ns)).toEqual(['meta/namespace metadata.namespace']);
  });
});

describe('keys and paths', () => {
  test('ConfigMap/Secret keys: [-._a-zA-Z0-9], at most 253, not ".", ".." or a leading ".."', () => {
    expect(configMapKey('tls.crt')).toBeUndefined();
    expect(configMapKey('.pgpass')).toBeUndefined();
    expect(configMapKey('k'.repeat(253))).toBeUndefined();
    expect(configMapKey('k'.repeat(254))).toMatch(/253/);
    expect(configMapKey('.')).toMatch(/must not be/);
    expect(configMapKey('..')).toMatch(/must not be/);
    expect(configMapKey('..data')).toMatch(/start/);
    expect(configMapKey('a/b')).toBeDefined();
  });

  test('env var names: the 1.28 rule, plus the same "." and ".." exclusions', () => {
    expect(envVarName('PG.VERSION-1_x')).toBeUndefined();
    expect(envVarName('.X')).toBeUndefined();
    expect(envVarName('..X')).toMatch(/start/);
    expect(envVarName('1X')).toBeDefined();
  });

  test('volume paths: relative, no ".." segment; non-reserved ones also not starting with ".."', () => {
    expect(localDescendingPath('a/..b/c')).toBeUndefined();
    expect(localDescendingPath('/a')).toMatch(/relative/);
    expect(localDescendingPath('a/../b')).toMatch(/\.\./);
    expect(localNonReservedPath('..b')).toMatch(/start/);
    expect(localNonReservedPath('.b')).toBeUndefined();
  });
});
