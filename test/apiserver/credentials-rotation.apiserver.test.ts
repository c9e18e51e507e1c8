// Password rotation by the credentials Job's real script against the real API server, as the Job's real
// ServiceAccount: a new `passwordRotation` label replaces the password of that role's Secrets (both copies of a
// cross-namespace user) once, with patch allowed only on those Secrets; nothing else changes.
import { Chart, Testing } from 'cdk8s';
import { KubeClient } from './client';
import { credentialsObjects, CredentialsObjects, decode, ScriptRunner, secretRef, serviceAccountToken, waitForAccess } from './credentials-fixture';
import { connect, Target } from './target';
import { FleetDefaults, PostgresCluster } from '../../src';
import { synth } from '../util';

const NS = 'rotate-db';
const OTHER = 'rotate-reporting';
const CLUSTER = 'acid-rotate';
const ROTATION = 'cdk8s-postgres/password-rotation';
const secretName = (user: string) => `${user.replace(/_/g, '-')}.${CLUSTER}.credentials.postgresql.acid.zalan.do`;
const APP = secretName('app_user');
const ANALYST = secretName(`${OTHER}.analyst`);
const OWNER = secretName('app_owner');

let target: Target;

/** The credentials objects of the cluster with these rotation labels, applied, and a runner as its ServiceAccount. */
async function withLabels(rotation: Record<string, string>): Promise<{ creds: CredentialsObjects; runner: ScriptRunner; client: KubeClient }> {
  const chart = new Chart(Testing.app(), 'rotate', { namespace: NS });
  new PostgresCluster(chart, CLUSTER, {
    teamId: 'acid',
    fleet: new FleetDefaults({ allowedSecretNamespaces: [OTHER] }),
    users: { app_owner: [], app_user: [], [`${OTHER}.analyst`]: [] },
    databases: { app: 'app_owner' },
    passwordRotation: rotation,
  });
  const creds = credentialsObjects(synth(chart), CLUSTER);
  for (const obj of [creds.serviceAccount, ...creds.roles, ...creds.roleBindings]) {
    await target.client.apply(obj);
    target.namespaces.track(obj);
  }
  const token = await serviceAccountToken(target.client, creds.serviceAccount);
  const client = new KubeClient({ server: target.connection.server, ca: target.connection.ca, token });
  return { creds, runner: new ScriptRunner(target, creds, token), client };
}

async function secretsNow(): Promise<Record<string, { password: string; label?: string; rv: string }>> {
  const out: Record<string, { password: string; label?: string; rv: string }> = {};
  for (const [ns, name] of [[NS, APP], [NS, ANALYST], [OTHER, ANALYST], [NS, OWNER]]) {
    const s = await target.client.get(secretRef(ns, name));
    // The label is also a data key, which the sync Job and the pooler read through env to wait for the new password.
    expect(decode(s.data).rotation).toBe(s.metadata.annotations?.[ROTATION]);
    out[`${ns}/${name}`] = { password: decode(s.data).password, label: s.metadata.annotations?.[ROTATION], rv: s.metadata.resourceVersion };
  }
  return out;
}

beforeAll(async () => {
  target = await connect();
  for (const ns of [NS, OTHER]) await target.namespaces.fresh(ns);
}, 15 * 60_000);

afterAll(async () => { await target?.release(); });

test('a new label rotates exactly that role\'s Secrets (every copy, one password), once; patch only on those', async () => {
  // Version 1: app_user and the cross-namespace analyst carry label "1" from the start.
  const v1 = await withLabels({ app_user: '1', [`${OTHER}.analyst`]: '1' });
  for (const [ns, name] of [[NS, APP], [NS, ANALYST], [OTHER, ANALYST], [NS, OWNER]]) target.namespaces.track(secretRef(ns, name));
  const patchRule = (ns: string) => v1.creds.roles.find(r => r.metadata.namespace === ns)!.rules.find((r: any) => r.verbs.includes('patch'));
  expect(patchRule(NS).resourceNames).toEqual([ANALYST, APP].sort());
  expect(patchRule(OTHER).resourceNames).toEqual([ANALYST]);
  await waitForAccess(target.client, v1.creds.serviceAccount, { namespace: NS, verb: 'patch', name: APP }, true);
  await waitForAccess(target.client, v1.creds.serviceAccount, { namespace: NS, verb: 'patch', name: OWNER }, false);
  let run = await v1.runner.run();
  expect(run.stderr).toBe('');
  const created = await secretsNow();
  // Created with the label: a first label never rotates a Secret that was just made.
  expect(created[`${NS}/${APP}`].label).toBe('1');
  expect(created[`${NS}/${OWNER}`].label).toBeUndefined();
  run = await v1.runner.run();
  expect(run.stdout).not.toMatch(/rotated/);
  expect(await secretsNow()).toEqual(created);
  v1.runner.dispose();
  v1.client.close();

  // Version 2: a new label for app_user and the analyst.
  const v2 = await withLabels({ app_user: '2026-12-06', [`${OTHER}.analyst`]: '2026-12-06' });
  await waitForAccess(target.client, v2.creds.serviceAccount, { namespace: OTHER, verb: 'patch', name: ANALYST }, true);
  run = await v2.runner.run();
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout.match(/password rotated \(2026-12-06\)$/mg)).toHaveLength(3);
  const rotated = await secretsNow();
  for (const key of [`${NS}/${APP}`, `${NS}/${ANALYST}`, `${OTHER}/${ANALYST}`]) {
    expect(rotated[key].password).not.toBe(created[key].password);
    expect(rotated[key].password).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(rotated[key].label).toBe('2026-12-06');
    expect(run.stdout + run.stderr).not.toContain(rotated[key].password);
  }
  // The two copies of the cross-namespace user hold the same new password; the other role is untouched.
  expect(rotated[`${NS}/${ANALYST}`].password).toBe(rotated[`${OTHER}/${ANALYST}`].password);
  expect(rotated[`${NS}/${OWNER}`]).toEqual(created[`${NS}/${OWNER}`]);
  // Once: the same label again changes nothing.
  run = await v2.runner.run();
  expect(run.stdout).not.toMatch(/rotated/);
  expect(await secretsNow()).toEqual(rotated);
  v2.runner.dispose();
  v2.client.close();
});

test('without patch on a Secret, the rotation fails naming the ServiceAccount, the verb and the namespace', async () => {
  const v3 = await withLabels({ app_user: 'three' });
  // The Role as an older library version rendered it: no patch rule.
  const role = v3.creds.roles.find(r => r.metadata.namespace === NS)!;
  await target.client.apply({ ...role, rules: role.rules.filter((r: any) => !r.verbs.includes('patch')) });
  await waitForAccess(target.client, v3.creds.serviceAccount, { namespace: NS, verb: 'patch', name: APP }, false);
  const before = await secretsNow();
  const run = await v3.runner.run();
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`secret ${NS}/${APP}: forbidden to patch it; the Role of ServiceAccount ${CLUSTER}-credentials needs patch (resourceNames) on secrets in namespace ${NS}`);
  expect(await secretsNow()).toEqual(before);
  v3.runner.dispose();
  v3.client.close();
});
