// On-demand password rotation (passwordRotation): which objects a new label changes, and what it refuses.
import { Credentials, PostgresCluster } from '../../src';
import { byKind, chart, synth } from '../util';

const build = (rotation?: Record<string, string>, extra: Record<string, unknown> = {}) => {
  const c = chart();
  new PostgresCluster(c, 'db', {
    teamId: 'acid',
    instances: 2,
    users: { app: [], reader: [] },
    databases: { app: 'app' },
    connectionPooler: {},
    ...(rotation ? { passwordRotation: rotation } : {}),
    ...extra,
  } as any);
  const objects = synth(c);
  const job = (prefix: string) => byKind(objects, 'Job').find(j => j.metadata.name.startsWith(`db-${prefix}-`));
  const pooler = byKind(objects, 'Deployment').find(d => d.metadata.name === 'db-pooler');
  return { objects, creds: job('creds'), sync: job('sync'), dcs: job('dcs'), roll: job('roll'), pooler, sts: byKind(objects, 'StatefulSet')[0] };
};
const credentialsSpecs = (job: any) => JSON.parse(job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CREDENTIALS_SECRETS').value);

test('a new label re-runs the credentials and sync Jobs and nothing else; the same label twice changes nothing', () => {
  const [none, one, oneAgain, two] = [build(), build({ app: '1' }), build({ app: '1' }), build({ app: '2' })];
  expect(one.creds.metadata.name).not.toBe(none.creds.metadata.name);
  expect(two.creds.metadata.name).not.toBe(one.creds.metadata.name);
  expect(two.sync.metadata.name).not.toBe(one.sync.metadata.name);
  expect(oneAgain.creds.metadata.name).toBe(one.creds.metadata.name);
  expect(oneAgain.sync.metadata.name).toBe(one.sync.metadata.name);
  // The database pods, the dcs and rollout Jobs and the pooler (whose role is not rotated) are untouched.
  for (const k of ['dcs', 'roll'] as const) expect(two[k].metadata.name).toBe(none[k].metadata.name);
  expect(two.sts).toEqual(none.sts);
  expect(two.pooler).toEqual(none.pooler);
});

test('the credentials Job gets the label of the rotated role only, and patch on that Secret only', () => {
  const { creds, objects } = build({ app: '2026-12-06' });
  const specs = credentialsSpecs(creds);
  expect(specs.filter((s: any) => s.rotation !== undefined)).toEqual([expect.objectContaining({ username: 'app', rotation: '2026-12-06' })]);
  const role = byKind(objects, 'Role').find(r => r.metadata.name === 'db-credentials');
  expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], resourceNames: ['app.db.credentials.postgresql.acid.zalan.do'], verbs: ['patch'] });
  expect(byKind(build().objects, 'Role').find(r => r.metadata.name === 'db-credentials').rules.some((r: any) => r.verbs.includes('patch'))).toBe(false);
});

test('the sync Job\'s pods carry the labels of the roles whose passwords it sets', () => {
  const { sync } = build({ app: 'a', reader: 'b' });
  expect(sync.spec.template.metadata.annotations).toEqual({ 'cdk8s-postgres/password-rotation': '{"app":"a","reader":"b"}' });
  expect(build().sync.spec.template.metadata.annotations).toBeUndefined();
});

test('rotating the pooler role restarts the pooler pods (they read its password at start)', () => {
  const [before, after] = [build(), build({ pooler: 'x' })];
  expect(after.pooler.spec.template.metadata.annotations['cdk8s-postgres/password-rotation']).toBe('x');
  expect(before.pooler.spec.template.metadata.annotations?.['cdk8s-postgres/password-rotation']).toBeUndefined();
  expect(after.sync.metadata.name).not.toBe(before.sync.metadata.name);
});

test('a Secret someone else maintains: the label only re-runs the sync (no credentials Job writes it)', () => {
  const [before, after] = [build(undefined, { userCredentials: { app: Credentials.fromSecret('app-secret') } }),
    build({ app: 'r1' }, { userCredentials: { app: Credentials.fromSecret('app-secret') } })];
  expect(credentialsSpecs(after.creds).some((s: any) => s.username === 'app')).toBe(false);
  expect(after.sync.metadata.name).not.toBe(before.sync.metadata.name);
});

test.each([
  ['postgres', /passwordRotation: 'postgres' is not valid; expected a role other than the superuser and the replication user/],
  ['standby', /passwordRotation: 'standby' is not valid; expected a role other than the superuser/],
  ['nobody', /passwordRotation: 'nobody' is not valid; expected a LOGIN role of the cluster \(app, reader, pooler\)/],
])('refused: %s', (role, message) => {
  expect(() => build({ [role]: '1' })).toThrow(message);
});

test.each([[''], ['  '], ['x'.repeat(64)], ['a\nb'], ["it's"], ['$(reboot)'], ['-x']])('refused label %j', label => {
  expect(() => build({ app: label })).toThrow(/passwordRotation\['app'\]: [\s\S]* is not valid; expected a label of 1 to 63 letters, digits/);
});

test('the sync Job and the pooler wait until the Secret holds the password of the current label', () => {
  const { sync, pooler } = build({ app: 'r2', pooler: 'r2' });
  const container = sync.spec.template.spec.containers[0];
  expect(container.env).toContainEqual({ name: 'PGPASSWORD_APP_ROTATION', valueFrom: { secretKeyRef: { name: 'app.db.credentials.postgresql.acid.zalan.do', key: 'rotation', optional: true } } });
  expect(container.command[2].split('\n')[0]).toBe(
    "[ \"${PGPASSWORD_APP_ROTATION:-}\" = 'r2' ] || { echo 'the Secret app.db.credentials.postgresql.acid.zalan.do does not hold the password rotated for r2 yet; retrying'; exit 1; }");
  const init = pooler.spec.template.spec.initContainers[0];
  expect(init.env).toEqual(expect.arrayContaining([
    { name: 'PGROTATION', valueFrom: { secretKeyRef: { name: 'pooler.db.credentials.postgresql.acid.zalan.do', key: 'rotation', optional: true } } },
    { name: 'EXPECTED_ROTATION', value: 'r2' },
  ]));
  expect(init.command[2]).toMatch(/^\[ "\$\{PGROTATION:-\}" = "\$EXPECTED_ROTATION" \] \|\| \{/);
  // Without rotation, neither waits.
  const plain = build();
  expect(plain.sync.spec.template.spec.containers[0].env.some((e: any) => e.name.endsWith('_ROTATION'))).toBe(false);
  expect(plain.pooler.spec.template.spec.initContainers[0].env.map((e: any) => e.name)).toEqual(['PGUSER', 'PGPASSWORD']);
});

test('a Secret someone else maintains has no rotation key to wait for', () => {
  const { sync } = build({ app: 'r1' }, { userCredentials: { app: Credentials.fromSecret('app-secret') } });
  expect(sync.spec.template.spec.containers[0].env.some((e: any) => e.name.endsWith('_ROTATION'))).toBe(false);
});
