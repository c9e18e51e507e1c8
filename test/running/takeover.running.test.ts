// Running-cluster tier, takeover: a cluster as the Zalando operator left it (its objects built from the census of its
// code, with data, an application user and the operator's owner references and finalizer) is taken over by this
// library's objects for the same cluster, following the README's runbook. No operator runs: that is the state after
// the runbook's first step (the operator stopped for the cluster), so nothing reverts, deletes or re-creates objects
// behind the test. Proven on the live system: data, users and their passwords, Services (names, ClusterIPs,
// endpoints), volumes, how the members roll, the write gap, and what becomes of the `postgresql` resource.
import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { Chart, Size, Testing } from 'cdk8s';
import { isReady, list, podReport, pods, sleep, step, until, waitWorkloads } from './live';
import {
  createAsOperator, OPERATOR_FINALIZER, OPERATOR_MANAGER, OperatorClusterOptions, operatorChildren, operatorCrd,
  ownerReference, podClusterRole, postgresqlResource, secretName,
} from './operator-objects';
import { planImages, provisionVolumes, tagImages } from './prepare';
import { Login, psql, secretValue, startClient, startWriter, stopWriter } from './psql';
import { connectRunning, RunningTarget } from './target';
import { PostgresCluster, PostgresVersion } from '../../src';
import { Manifest } from '../apiserver/client';
import { Target } from '../apiserver/target';
import { applyAll } from '../apiserver/tier';

const NS = 'takeover';
const NAME = 'acid-takeover';
const SELECTOR = { 'application': 'spilo', 'cluster-name': NAME };
const IMAGE = 'ghcr.io/zalando/spilo-18:4.1-p2';
const CLUSTER: OperatorClusterOptions = {
  namespace: NS,
  name: NAME,
  teamId: 'acid',
  instances: 2,
  version: '17',
  volumeSize: '1Gi',
  users: ['app'],
  databases: { app: 'app' },
  image: IMAGE,
};
/** The operator's 64-character alphanumeric passwords, known to the test. */
const password = () => randomBytes(96).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
const PASSWORDS: Record<string, string> = { postgres: password(), standby: password(), app: password() };
const DIGEST = "SELECT count(*), sum(id), md5(string_agg(v, '' ORDER BY id)) FROM kept;";
const PG_PATH = `/apis/acid.zalan.do/v1/namespaces/${NS}/postgresqls`;
const figures: Record<string, unknown> = {};

let target: RunningTarget;
let uid = '';
let operatorObjects: Manifest[] = [];
let kept0 = '';
const su = (): Login => ({ host: `${NAME}.${NS}.svc`, user: 'postgres', password: PASSWORDS.postgres });
const app = (host = `${NAME}.${NS}.svc`): Login => ({ host, user: 'app', password: PASSWORDS.app, database: 'app' });

beforeAll(async () => { target = await connectRunning(); }, 300_000);
beforeEach(() => step(`${expect.getState().currentTestName}`));
afterAll(async () => {
  mkdirSync('test-reports', { recursive: true });
  writeFileSync('test-reports/running-figures-takeover.json', JSON.stringify(figures, null, 2));
  console.log(`running tier takeover figures:\n${JSON.stringify(figures, null, 2)}`);
  if (process.env.CDK8S_PG_KEEP_NAMESPACES !== '1' && target) {
    await target.client.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await target.client.delete(podClusterRole());
    await target.client.delete(operatorCrd());
  }
  target?.release();
}, 300_000);

/** This library's objects for the same cluster: same name, team, users, databases, size, and the resource's UID. */
function ours(): Manifest[] {
  const chart = new Chart(Testing.app(), 'takeover', { namespace: NS });
  new PostgresCluster(chart, NAME, {
    teamId: 'acid',
    instances: 2,
    version: PostgresVersion.V17,
    volume: { size: Size.gibibytes(1) },
    users: { app: [] },
    databases: { app: 'app' },
    clusterUid: uid,
  });
  return chart.toJson() as Manifest[];
}

const applyObjects = (objs: Manifest[]) => applyAll({ client: target.client, namespaces: target.namespaces } as unknown as Target, undefined, objs);
const members = async () => (await pods(target, NS, SELECTOR)).filter(p => !p.metadata.deletionTimestamp);
const timeline = async () => Number(await psql(target, NS, su(),
  "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int;"));
const ref = (kind: string, name: string, apiVersion = 'v1') => ({ apiVersion, kind, metadata: { name, namespace: NS } });

/** Ready addresses behind a Service (EndpointSlices). */
async function serviceAddresses(service: string): Promise<string[]> {
  const slices = await list(target, `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`);
  return slices.flatMap(s => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready).flatMap((e: any) => e.addresses)).sort();
}

/** Patroni's ConfigMaps of the cluster (the operator adopts them: owner references). */
const patroniConfigMaps = async () => (await list(target, `/api/v1/namespaces/${NS}/configmaps`))
  .filter(c => /-(leader|config|sync|failover)$/.test(c.metadata.name) && c.metadata.name.startsWith(`${NAME}-`));

/** Every object in the namespace with an owner reference to the given UID, as `Kind/name`. */
async function ownedBy(owner: string): Promise<string[]> {
  const paths = ['/api/v1/namespaces/NS/secrets', '/api/v1/namespaces/NS/services', '/api/v1/namespaces/NS/configmaps',
    '/apis/apps/v1/namespaces/NS/statefulsets', '/apis/policy/v1/namespaces/NS/poddisruptionbudgets'];
  const out: string[] = [];
  for (const p of paths) {
    for (const o of await list(target, p.replace('NS', NS))) {
      if ((o.metadata.ownerReferences ?? []).some((r: any) => r.uid === owner)) out.push(`${p.split('/').pop()}/${o.metadata.name}`);
    }
  }
  return out.sort();
}

describe('taking over a cluster the operator created', () => {
  test('the operator\'s objects run the cluster: data written, the application user created as the operator would', async () => {
    const start = Date.now();
    await target.namespaces.fresh(NS);
    await createAsOperator(target.client, operatorCrd());
    await until('the postgresql CRD served', 60_000, async () =>
      (await target.client.request('GET', PG_PATH)).status === 200 ? true : undefined);
    await createAsOperator(target.client, podClusterRole());
    const pg = await createAsOperator(target.client, postgresqlResource(CLUSTER));
    uid = pg.metadata.uid;
    operatorObjects = operatorChildren(CLUSTER, uid, PASSWORDS);
    tagImages(target, planImages([...operatorObjects, ...ours()]));
    await provisionVolumes(target, operatorObjects);
    for (const o of operatorObjects) await createAsOperator(target.client, o);
    await waitWorkloads(target, operatorObjects, 600_000);
    await until('two members ready, one primary', 300_000, async () => {
      const ms = await members();
      return ms.length === 2 && ms.every(isReady) && ms.filter(p => p.metadata.labels['spilo-role'] === 'master').length === 1 ? true : undefined;
    }, () => podReport(target, [NS]));
    // The operator adopts the ConfigMaps Patroni creates (enable_owner_references).
    for (const cm of await patroniConfigMaps()) {
      const r = await target.client.request('PATCH', `/api/v1/namespaces/${NS}/configmaps/${cm.metadata.name}?fieldManager=${OPERATOR_MANAGER}`,
        { metadata: { ownerReferences: [ownerReference(NAME, uid)] } }, 'application/merge-patch+json');
      expect(r.status).toBe(200);
    }
    await startClient(target, NS, IMAGE);
    // The operator's role and database sync, as SQL (it runs such statements at runtime), then the team's data.
    await psql(target, NS, su(), `CREATE ROLE app LOGIN PASSWORD '${PASSWORDS.app}';`);
    await psql(target, NS, su(), 'CREATE DATABASE app OWNER app;');
    await psql(target, NS, app(), 'CREATE TABLE kept AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 10000) g;');
    kept0 = await psql(target, NS, app(), DIGEST);
    expect(kept0).toMatch(/^10000\|50005000\|[0-9a-f]{32}$/);
    figures.operatorClusterReadySeconds = (Date.now() - start) / 1000;
    const owned = await ownedBy(uid);
    expect(owned).toEqual(expect.arrayContaining([`services/${NAME}`, `statefulsets/${NAME}`, `secrets/${secretName('app', NAME)}`,
      `configmaps/${NAME}-leader`, `configmaps/${NAME}-config`, `poddisruptionbudgets/postgres-${NAME}-pdb`]));
    figures.ownedByPostgresql = owned;
  }, 900_000);

  test('a postgresql deleted the default way takes what it owns with it (a throwaway one)', async () => {
    const demo = { ...CLUSTER, name: 'acid-gc-demo' };
    const pg = await createAsOperator(target.client, { ...postgresqlResource(demo), metadata: { name: demo.name, namespace: NS } });
    const secret = operatorChildren(demo, pg.metadata.uid, { postgres: 'x', standby: 'x', app: 'x' }).find(o => o.kind === 'Secret')!;
    await createAsOperator(target.client, secret);
    expect(await target.client.get(secret)).toBeDefined();
    const r = await target.client.request('DELETE', `${PG_PATH}/${demo.name}`);
    expect(r.status).toBeLessThan(300);
    // The garbage collector deletes the dependents of a deleted owner (background propagation, kubectl's default).
    await until('the throwaway postgresql\'s Secret collected', 120_000, async () => await target.client.get(secret) ? undefined : true);
  }, 300_000);

  test('runbook step 2: the postgresql deleted with its dependents orphaned, then its finalizer removed; every object stays', async () => {
    const before = await ownedBy(uid);
    const podUids = (await members()).map(p => p.metadata.uid).sort();
    // kubectl delete postgresql <c> --cascade=orphan --wait=false
    const r = await target.client.request('DELETE', `${PG_PATH}/${NAME}`, { propagationPolicy: 'Orphan' });
    expect(r.status).toBeLessThan(300);
    // With the operator stopped its finalizer holds the resource; the garbage collector orphans the dependents meanwhile.
    const held = await until('dependents orphaned', 120_000, async () => {
      const pg = (await target.client.request('GET', `${PG_PATH}/${NAME}`)).body;
      return (await ownedBy(uid)).length === 0 && JSON.stringify(pg.metadata.finalizers) === JSON.stringify([OPERATOR_FINALIZER]) ? pg : undefined;
    });
    expect(held.metadata.deletionTimestamp).toBeDefined();
    // kubectl patch postgresql <c> --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
    const patched = await target.client.request('PATCH', `${PG_PATH}/${NAME}`,
      [{ op: 'test', path: '/metadata/finalizers', value: [OPERATOR_FINALIZER] }, { op: 'remove', path: '/metadata/finalizers' }],
      'application/json-patch+json');
    expect(patched.status).toBe(200);
    await until('the postgresql gone', 60_000, async () => (await target.client.request('GET', `${PG_PATH}/${NAME}`)).status === 404 ? true : undefined);
    await sleep(5_000);
    // Everything it owned is still there, without owner references; the members were not touched.
    for (const k of before) {
      const [res, name] = k.split('/');
      const path = res === 'statefulsets' ? `/apis/apps/v1/namespaces/${NS}/statefulsets/${name}`
        : res === 'poddisruptionbudgets' ? `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/${name}` : `/api/v1/namespaces/${NS}/${res}/${name}`;
      const live = await target.client.request('GET', path);
      expect({ object: k, status: live.status, ownerReferences: live.body?.metadata?.ownerReferences })
        .toEqual({ object: k, status: 200, ownerReferences: undefined });
    }
    expect((await members()).map(p => p.metadata.uid).sort()).toEqual(podUids);
    expect(await psql(target, NS, app(), DIGEST)).toBe(kept0);
  }, 300_000);

  test('runbook steps 3-5: the StatefulSet and budgets replaced, ours applied: one roll, one switchover; data, users, passwords, Services and volumes kept', async () => {
    const objects = ours();
    const byName = (kind: string) => objects.filter(o => o.kind === kind).map(o => o.metadata.name);
    // Applied over the operator's objects as they are, fields the operator wrote stay beside ours (server-side
    // apply removes only fields its own manager wrote before): the primary budget would be invalid, the StatefulSet
    // would keep the operator's env entries that ours lacks. A dry run of each shows it.
    const refused: string[] = [];
    let leftoverEnv: string[] = [];
    for (const o of objects.filter(x => ['StatefulSet', 'PodDisruptionBudget', 'Service'].includes(x.kind))) {
      const query = 'fieldManager=cdk8s-postgres&fieldValidation=Strict&force=true&dryRun=All';
      const dry = await target.client.request('PATCH', `${await target.client.path(o)}?${query}`, o, 'application/apply-patch+yaml');
      if (dry.status !== 200) {refused.push(`${o.kind}/${o.metadata.name}: ${dry.body?.message ?? dry.status}`);} else if (o.kind === 'StatefulSet') {
        const names = (c: any) => (c.env ?? []).map((e: any) => e.name);
        const mine = names(o.spec.template.spec.containers[0]);
        leftoverEnv = names(dry.body.spec.template.spec.containers[0]).filter((n: string) => !mine.includes(n)).sort();
      }
    }
    figures.refusedOverOperatorObjects = refused;
    figures.operatorEnvLeftOverInMergedStatefulSet = leftoverEnv;
    expect(refused.map(r => r.split(':')[0])).toEqual([`PodDisruptionBudget/postgres-${NAME}-pdb`]);
    expect(refused[0]).toContain('minAvailable and maxUnavailable cannot be both set');
    expect(leftoverEnv).toEqual(['HUMAN_ROLE', 'PAM_OAUTH2']);

    const services0 = Object.fromEntries(await Promise.all([NAME, `${NAME}-repl`].map(async s => {
      const live = await target.client.get(ref('Service', s));
      return [s, `${live.metadata.uid} ${live.spec.clusterIP}`];
    })));
    const claims0 = Object.fromEntries(await Promise.all([0, 1].map(async i => {
      const c = await target.client.get(ref('PersistentVolumeClaim', `pgdata-${NAME}-${i}`));
      return [c.metadata.name, `${c.metadata.uid} ${c.spec.volumeName}`];
    })));
    const secrets0 = Object.fromEntries(await Promise.all(['postgres', 'standby', 'app'].map(async u =>
      [u, (await target.client.get(ref('Secret', secretName(u, NAME)))).metadata.uid])));
    const secretNames = async () => (await list(target, `/api/v1/namespaces/${NS}/secrets`)).map(x => x.metadata.name).sort();
    const allSecrets0 = await secretNames();
    const pods0 = Object.fromEntries((await members()).map(p => [p.metadata.name, p.metadata.uid]));
    const timeline0 = await timeline();
    // Patroni's system identifier for the cluster: the same after the takeover means no member bootstrapped anew.
    const initialize0 = (await target.client.get(ref('ConfigMap', `${NAME}-config`))).metadata.annotations.initialize;
    expect(initialize0).toMatch(/^\d+$/);
    await startWriter(target, NS, su(), 'takeover_writes');
    await sleep(1_000);
    const t0 = Date.now();

    // kubectl delete statefulset <c> --cascade=orphan; kubectl delete pdb postgres-<c>-pdb postgres-<c>-critical-op-pdb
    const sts = ref('StatefulSet', NAME, 'apps/v1');
    const del = await target.client.request('DELETE', await target.client.path(sts), { propagationPolicy: 'Orphan' });
    expect(del.status).toBeLessThan(300);
    for (const pdb of byName('PodDisruptionBudget')) await target.client.delete(ref('PodDisruptionBudget', pdb, 'policy/v1'));
    await until('the operator\'s StatefulSet gone, its pods orphaned', 120_000, async () => {
      if (await target.client.get(sts)) return undefined;
      return (await members()).every(p => !(p.metadata.ownerReferences ?? []).length) ? true : undefined;
    });
    expect(Object.fromEntries((await members()).map(p => [p.metadata.name, p.metadata.uid]))).toEqual(pods0);

    const result = await applyObjects(objects);
    expect(result.failures).toEqual([]);
    await waitWorkloads(target, objects.filter(o => o.kind === 'StatefulSet' || o.kind === 'Job'), 900_000);
    await until('every member ready on the new template, one primary', 300_000, async () => {
      const ms = await members();
      return ms.length === 2 && ms.every(isReady) && ms.every(p => p.spec.serviceAccountName === `${NAME}-postgres-pod`)
        && ms.filter(p => p.metadata.labels['spilo-role'] === 'master').length === 1 ? true : undefined;
    }, () => podReport(target, [NS]));
    const seconds = (Date.now() - t0) / 1000;
    const { gap, rows } = await stopWriter(target, NS, su(), 'takeover_writes');
    const pods1 = Object.fromEntries((await members()).map(p => [p.metadata.name, p.metadata.uid]));
    const outcome = {
      seconds,
      writeGapSeconds: gap,
      rowsWritten: rows,
      podsRecreated: Object.keys(pods1).filter(n => pods0[n] && pods0[n] !== pods1[n]).length,
      switchovers: await timeline() - timeline0,
    };
    figures.takeover = outcome;
    step(`takeover: ${JSON.stringify(outcome)}`);
    // Each member replaced once (the rollout Job), with one switchover; the pods of the new StatefulSet are ours.
    expect(outcome).toMatchObject({ podsRecreated: 2, switchovers: 1 });
    // One switchover's outage; loose because the tier shares two cores with other clusters (26 s seen at load 35).
    expect(gap).toBeLessThanOrEqual(60);

    // Data and users: the superuser and app log in with the operator's passwords, the rows are on both members.
    expect(await psql(target, NS, app(), DIGEST)).toBe(kept0);
    const replica = (await members()).find(p => p.metadata.labels['spilo-role'] !== 'master')!;
    await until('the replica has the rows', 60_000, async () =>
      await psql(target, NS, { ...app(), host: replica.status.podIP }, DIGEST) === kept0 ? true : undefined);
    expect(await psql(target, NS, app(`${NAME}-repl.${NS}.svc`), 'SELECT pg_is_in_recovery();')).toBe('t');
    // The Secrets are the operator's objects with the operator's passwords: kept, never regenerated.
    for (const u of ['postgres', 'standby', 'app']) {
      expect({ user: u, password: await secretValue(target, NS, secretName(u, NAME), 'password') }).toEqual({ user: u, password: PASSWORDS[u] });
      expect((await target.client.get(ref('Secret', secretName(u, NAME)))).metadata.uid).toBe(secrets0[u]);
    }
    // The one Secret the takeover adds: the Patroni REST API's credentials (the operator's API takes none).
    expect((await secretNames()).filter(n => !allSecrets0.includes(n))).toEqual([`${NAME}-patroni-api`]);
    // Services: the same objects (UID, ClusterIP), the primary Service's endpoint is the current primary.
    for (const s of Object.keys(services0)) {
      const live = await target.client.get(ref('Service', s));
      expect({ service: s, identity: `${live.metadata.uid} ${live.spec.clusterIP}` }).toEqual({ service: s, identity: services0[s] });
    }
    const primary = (await members()).find(p => p.metadata.labels['spilo-role'] === 'master')!;
    expect(await serviceAddresses(NAME)).toEqual([primary.status.podIP]);
    expect(await serviceAddresses(`${NAME}-repl`)).toEqual([replica.status.podIP]);
    // Volumes: the same claims on the same volumes.
    for (const c of Object.keys(claims0)) {
      const live = await target.client.get(ref('PersistentVolumeClaim', c));
      expect({ claim: c, identity: `${live.metadata.uid} ${live.spec.volumeName}` }).toEqual({ claim: c, identity: claims0[c] });
    }
    // The library's budgets are in place, no operator object owns anything, Patroni's state is the same cluster.
    for (const pdb of byName('PodDisruptionBudget')) expect((await target.client.get(ref('PodDisruptionBudget', pdb, 'policy/v1'))).spec.maxUnavailable).toBeDefined();
    const leader = await target.client.get(ref('ConfigMap', `${NAME}-leader`));
    expect(leader.metadata.annotations.leader).toBe(primary.metadata.name);
    expect((await target.client.get(ref('ConfigMap', `${NAME}-config`))).metadata.annotations.initialize).toBe(initialize0);
    // Patroni works under the cluster's own namespaced Role on the ConfigMaps it created under the operator's.
    for (const p of await members()) {
      const log = await target.kubectl(['logs', '-n', NS, p.metadata.name, '-c', 'postgres']);
      expect({ pod: p.metadata.name, denied: log.split('\n').filter(l => /forbidden|\b(?:HTTP|status|code|\()\W{0,3}403\b/i.test(l)) })
        .toEqual({ pod: p.metadata.name, denied: [] });
    }
    figures.secondsInAll = (Date.now() - t0) / 1000;
  }, 1_800_000);

  test('afterwards: the operator\'s per-namespace ServiceAccount is unused, and a re-apply of ours changes nothing', async () => {
    const all = await list(target, `/api/v1/namespaces/${NS}/pods`);
    expect(all.filter(p => p.spec.serviceAccountName === 'postgres-pod').map(p => p.metadata.name)).toEqual([]);
    const pods0 = (await members()).map(p => `${p.metadata.name} ${p.metadata.uid}`).sort();
    const jobs = async () => (await list(target, `/apis/batch/v1/namespaces/${NS}/jobs`)).map(j => j.metadata.name).sort();
    const jobs0 = await jobs();
    const result = await applyObjects(ours());
    expect(result.failures).toEqual([]);
    await sleep(15_000);
    expect(await jobs()).toEqual(jobs0);
    expect((await members()).map(p => `${p.metadata.name} ${p.metadata.uid}`).sort()).toEqual(pods0);
    expect(await psql(target, NS, app(), DIGEST)).toBe(kept0);
  }, 300_000);
});
