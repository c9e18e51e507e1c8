// The credentials Job's real script against the real API server, authenticated as the Job's real ServiceAccount with
// the RBAC objects synthesized for a cluster that has plain users and cross-namespace users (issue 5, "proven for real").
import { Chart, Testing } from 'cdk8s';
import { KubeClient, Manifest } from './client';
import {
  credentialsObjects, CredentialsObjects, decode, ScriptRunner, secretRef, SecretSpec, serviceAccountToken, waitForAccess,
} from './credentials-fixture';
import { connect, Target } from './target';
import { FleetDefaults, PostgresCluster, UserFlag } from '../../src';
import { SHARED_SCRIPTS_DIR } from '../../src/private/shared-scripts';
import { synth } from '../util';

const NS = 'creds-db';
const OTHER = 'creds-reporting';
const OUTSIDE = 'creds-outside';
const CLUSTER = 'acid-creds';
const secretName = (user: string) => `${user.replace(/_/g, '-')}.${CLUSTER}.credentials.postgresql.acid.zalan.do`;
const ANALYST = secretName(`${OTHER}.analyst`);
const AUDITOR = secretName(`${OTHER}.auditor`);
const APP_OWNER = secretName('app_owner');
const APP_USER = secretName('app_user');

let target: Target;
let creds: CredentialsObjects;
let specs: SecretSpec[];
let runner: ScriptRunner;
let asJob: KubeClient;
/** Every place a Secret must exist: [namespace, name, username]. */
let places: Array<[string, string, string]>;

beforeAll(async () => {
  target = await connect();
  for (const ns of [NS, OTHER, OUTSIDE]) await target.namespaces.fresh(ns);
  const chart = new Chart(Testing.app(), 'creds', { namespace: NS });
  new PostgresCluster(chart, CLUSTER, {
    teamId: 'acid',
    fleet: new FleetDefaults({ allowedSecretNamespaces: [OTHER] }),
    users: { app_owner: [UserFlag.CREATEDB], app_user: [], [`${OTHER}.analyst`]: [], [`${OTHER}.auditor`]: [] },
    databases: { app: 'app_owner' },
  });
  creds = credentialsObjects(synth(chart), CLUSTER);
  specs = JSON.parse(creds.secretsEnv);
  places = specs.flatMap(s => [s.namespace, ...(s.copies ?? [])].map(ns => [ns ?? NS, s.name, s.username] as [string, string, string]));
  for (const obj of [creds.serviceAccount, ...creds.roles, ...creds.roleBindings]) {
    await target.client.apply(obj);
    target.namespaces.track(obj);
  }
  for (const [ns, name] of places) target.namespaces.track(secretRef(ns, name));
  await waitForAccess(target.client, creds.serviceAccount, { namespace: NS, verb: 'create' }, true);
  await waitForAccess(target.client, creds.serviceAccount, { namespace: OTHER, verb: 'get', name: ANALYST }, true);
  const token = await serviceAccountToken(target.client, creds.serviceAccount);
  runner = new ScriptRunner(target, creds, token);
  asJob = new KubeClient({ server: target.connection.server, ca: target.connection.ca, token });
}, 15 * 60_000);

afterAll(async () => {
  runner?.dispose();
  asJob?.close();
  await target?.release();
});

/** Every managed Secret as the admin sees it, by `namespace/name`. */
async function secrets(): Promise<Map<string, any>> {
  const out = new Map<string, any>();
  for (const [ns, name] of places) {
    const s = await target.client.get(secretRef(ns, name));
    if (s) out.set(`${ns}/${name}`, s);
  }
  return out;
}

const snapshot = (m: Map<string, any>) =>
  Object.fromEntries([...m].map(([k, s]) => [k, { rv: s.metadata.resourceVersion, data: s.data }]));

async function createAsAdmin(ns: string, name: string, username: string, password: string): Promise<any> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  const secret: Manifest = { ...secretRef(ns, name), data: { username: b64(username), password: b64(password) } };
  return (await target.client.apply(secret, { fieldManager: 'someone-else' })).body;
}

async function deleteAll(): Promise<void> {
  for (const [ns, name] of places) await target.client.delete(secretRef(ns, name));
}

test('the synthesized cluster gives the Job a ServiceAccount, a Role and RoleBinding per namespace, 7 Secrets in 9 places', () => {
  expect(creds.roles.map(r => r.metadata.namespace).sort()).toEqual([NS, OTHER]);
  expect(creds.roleBindings.map(r => r.metadata.namespace).sort()).toEqual([NS, OTHER]);
  // (the last one: the Patroni REST API's credentials)
  expect(specs.map(s => s.username)).toEqual(['postgres', 'standby', 'app_owner', 'app_user', `${OTHER}.analyst`, `${OTHER}.auditor`, 'patroni']);
  expect(places.filter(([ns]) => ns === OTHER).map(([, n]) => n)).toEqual([ANALYST, AUDITOR]);
  expect(places).toHaveLength(9);
});

test('the Job runs its program from the shared scripts ConfigMap of the cluster namespace', () => {
  expect(creds.scripts.metadata.namespace).toBe(NS);
  expect(creds.scripts.metadata.name).toMatch(/^cdk8s-postgres-scripts-[0-9a-f]{10}$/);
  expect(creds.job.spec.template.spec.containers[0].command).toEqual(['python3', '-I', `${SHARED_SCRIPTS_DIR}/credentials.py`]);
});

describe('in fresh namespaces', () => {
  let first: Map<string, any>;

  test('the first run creates every Secret: username/password, 64 alphanumerics, the labels, copies identical', async () => {
    const run = await runner.run();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/ created$/mg)).toHaveLength(places.length);
    first = await secrets();
    expect([...first.keys()].sort()).toEqual(places.map(([ns, name]) => `${ns}/${name}`).sort());
    for (const [ns, name, username] of places) {
      const s = first.get(`${ns}/${name}`);
      const spec = specs.find(x => x.name === name)!;
      expect(s.type).toBe('Opaque');
      expect(s.metadata.labels).toEqual(spec.labels);
      expect(Object.keys(s.data).sort()).toEqual(['password', 'username']);
      expect(decode(s.data).username).toBe(username);
      expect(decode(s.data).password).toMatch(/^[A-Za-z0-9]{64}$/);
    }
    for (const name of [ANALYST, AUDITOR]) expect(first.get(`${NS}/${name}`).data).toEqual(first.get(`${OTHER}/${name}`).data);
    const passwords = specs.map(s => decode(first.get(`${s.namespace ?? NS}/${s.name}`).data).password);
    expect(new Set(passwords).size).toBe(specs.length);
    // No password in the Job's log.
    for (const p of passwords) expect(run.stdout + run.stderr).not.toContain(p);
  });

  test('a second run changes nothing: same resourceVersion, same data', async () => {
    const run = await runner.run();
    expect(run.code).toBe(0);
    expect(run.stdout.match(/ exists, left unchanged$/mg)).toHaveLength(places.length);
    expect(run.stdout).not.toMatch(/created/);
    expect(snapshot(await secrets())).toEqual(snapshot(first));
  });
});

describe('with Secrets that exist beforehand', () => {
  let before: Record<string, any>;

  beforeAll(async () => {
    await deleteAll();
    before = {
      owner: await createAsAdmin(NS, APP_OWNER, 'app_owner', 'chosen-by-the-team-1'),
      // The analyst's Secret exists where applications read it; its copy does not.
      analyst: await createAsAdmin(OTHER, ANALYST, `${OTHER}.analyst`, 'chosen-by-reporting-2'),
      // The auditor's copy exists in the cluster namespace; the Secret in reporting does not.
      auditorCopy: await createAsAdmin(NS, AUDITOR, `${OTHER}.auditor`, 'kept-from-an-earlier-copy-3'),
    };
  });

  test('they are left untouched, missing ones are created, and each copy is made from the existing one', async () => {
    const run = await runner.run();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const now = await secrets();
    for (const s of Object.values(before)) {
      const got = now.get(`${s.metadata.namespace}/${s.metadata.name}`);
      expect(got.metadata.resourceVersion).toBe(s.metadata.resourceVersion);
      expect(got.data).toEqual(s.data);
    }
    expect(now.get(`${NS}/${ANALYST}`).data).toEqual(before.analyst.data);
    expect(decode(now.get(`${NS}/${ANALYST}`).data).password).toBe('chosen-by-reporting-2');
    expect(now.get(`${OTHER}/${AUDITOR}`).data).toEqual(before.auditorCopy.data);
    expect(decode(now.get(`${NS}/${APP_USER}`).data).password).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(run.stdout.match(/ created$/mg)).toHaveLength(places.length - 3);
    expect(run.stdout.match(/ exists, left unchanged$/mg)).toHaveLength(3);
  });
});

describe('when RBAC is missing, the run fails naming the ServiceAccount, the verb and the namespace', () => {
  const sa = `${CLUSTER}-credentials`;
  const binding = (ns: string) => creds.roleBindings.find(b => b.metadata.namespace === ns)!;
  const role = (ns: string) => creds.roles.find(r => r.metadata.namespace === ns)!;

  async function restore(): Promise<void> {
    for (const obj of [...creds.roles, ...creds.roleBindings]) await target.client.apply(obj);
    for (const ns of [NS, OTHER]) await waitForAccess(target.client, creds.serviceAccount, { namespace: ns, verb: 'create' }, true);
  }
  afterEach(restore);

  test('no RoleBinding in the cluster namespace: get is forbidden there, nothing is written', async () => {
    await target.client.delete(binding(NS));
    await waitForAccess(target.client, creds.serviceAccount, { namespace: NS, verb: 'get', name: APP_USER }, false);
    const before = snapshot(await secrets());
    const run = await runner.run();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`ERROR: secret ${NS}/${APP_USER}: forbidden to get it; `
      + `the Role of ServiceAccount ${sa} needs get (resourceNames) on secrets in namespace ${NS}`);
    expect(run.stderr.match(/^ERROR: /mg)).toHaveLength(specs.length);
    expect(snapshot(await secrets())).toEqual(before);
  });

  test('no RoleBinding in the other namespace: only the cross-namespace users fail, naming that namespace', async () => {
    await deleteAll();
    await target.client.delete(binding(OTHER));
    await waitForAccess(target.client, creds.serviceAccount, { namespace: OTHER, verb: 'get', name: ANALYST }, false);
    const run = await runner.run();
    expect(run.code).toBe(1);
    for (const name of [ANALYST, AUDITOR]) {
      expect(run.stderr).toContain(`ERROR: secret ${OTHER}/${name}: forbidden to get it; `
        + `the Role of ServiceAccount ${sa} needs get (resourceNames) on secrets in namespace ${OTHER}`);
    }
    expect(run.stderr.match(/^ERROR: /mg)).toHaveLength(2);
    // The users of the cluster namespace alone still got their Secrets.
    expect([...(await secrets()).keys()].sort()).toEqual(
      places.filter(([, n]) => n !== ANALYST && n !== AUDITOR).map(([ns, n]) => `${ns}/${n}`).sort());
  });

  test('a Role without create: the missing Secret is reported with verb create, the existing ones stay', async () => {
    await runner.run(); // all Secrets present
    await target.client.delete(secretRef(NS, APP_USER));
    const r = role(NS);
    await target.client.apply({ ...r, rules: r.rules.filter((x: any) => !x.verbs.includes('create')) });
    await waitForAccess(target.client, creds.serviceAccount, { namespace: NS, verb: 'create' }, false);
    const run = await runner.run();
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`ERROR: secret ${NS}/${APP_USER}: forbidden to create it; `
      + `the Role of ServiceAccount ${sa} needs create on secrets in namespace ${NS}`);
    expect(await target.client.get(secretRef(NS, APP_USER))).toBeUndefined();
    await restore();
    const again = await runner.run();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`secret ${NS}/${APP_USER} created`);
  });
});

describe('the ServiceAccount reaches nothing but its own Secrets', () => {
  beforeAll(async () => {
    await runner.run();
    for (const ns of [NS, OUTSIDE]) await createAsAdmin(ns, 'unrelated', 'someone', 'not-for-the-job');
    await createAsAdmin(OUTSIDE, APP_USER, 'app_user', 'same-name-elsewhere');
    for (const ns of [NS, OUTSIDE]) target.namespaces.track(secretRef(ns, 'unrelated'));
    target.namespaces.track(secretRef(OUTSIDE, APP_USER));
  });

  test.each([
    ['get a Secret outside its resourceNames', 'GET', `/api/v1/namespaces/${NS}/secrets/unrelated`],
    ['list Secrets', 'GET', `/api/v1/namespaces/${NS}/secrets`],
    ['watch Secrets', 'GET', `/api/v1/namespaces/${NS}/secrets?watch=true&timeoutSeconds=1`],
    ['get a same-named Secret in a namespace without its Role', 'GET', `/api/v1/namespaces/${OUTSIDE}/secrets/${APP_USER}`],
    ['create a Secret in a namespace without its Role', 'POST', `/api/v1/namespaces/${OUTSIDE}/secrets`],
    ['patch its own Secret', 'PATCH', `/api/v1/namespaces/${NS}/secrets/${APP_USER}`],
    ['delete its own Secret', 'DELETE', `/api/v1/namespaces/${NS}/secrets/${APP_USER}`],
  ])('it may not %s (403)', async (_what, method, path) => {
    const body = method === 'POST' ? { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }
      : method === 'PATCH' ? { data: { password: 'eA==' } } : undefined;
    const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const r = await asJob.request(method, path, body, type);
    expect(r.status).toBe(403);
    expect(r.body.message).toContain(`"system:serviceaccount:${NS}:${CLUSTER}-credentials" cannot`);
  });

  test('control: it may get its own Secret', async () => {
    const r = await asJob.request('GET', `/api/v1/namespaces/${NS}/secrets/${APP_USER}`);
    expect(r.status).toBe(200);
  });
});
