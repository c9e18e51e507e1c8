// Running-cluster tier, day 2: one cluster changed in git step by step, each version applied as Argo CD or Flux
// would (server-side apply of everything git now has), then the live state checked: every member's settings,
// Patroni's configuration, which pods were recreated, switchovers (timeline), and how long a client writing
// through the primary Service could not write. The versions differ only in props, built with the public API.
import { mkdirSync, writeFileSync } from 'fs';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { isReady, pods, podReport, sleep, step, until, waitWorkloads } from './live';
import { planImages, provisionVolumes, tagImages } from './prepare';
import { CLIENT_POD, Login, psql, secretValue, startClient, startWriter, stopWriter } from './psql';
import { certManagerStandIns } from './stand-ins';
import { connectRunning, RunningTarget } from './target';
import { renewalReachesPostgres } from './tls-renewal';
import { podSpecOf } from './workloads';
import { ClusterPlan, MajorVersionUpgradeMode, PostgresCluster, PostgresClusterProps, PostgresVersion } from '../../src';
import { Manifest } from '../apiserver/client';
import { Target } from '../apiserver/target';
import { applyAll } from '../apiserver/tier';

const NS = 'day2';
const NAME = 'day2-db';
const SELECTOR = { 'application': 'spilo', 'cluster-name': NAME };
const figures: Record<string, unknown> = {};

let target: RunningTarget;
let applied: Manifest[] = [];
let su: Login;
let ca: string;
const CA_FILE = '/tmp/day2-ca.crt';

beforeAll(async () => { target = await connectRunning(); }, 300_000);
beforeEach(() => step(`${expect.getState().currentTestName}`));
afterAll(async () => {
  mkdirSync('test-reports', { recursive: true });
  writeFileSync('test-reports/running-figures-day2.json', JSON.stringify(figures, null, 2));
  console.log(`running tier day-2 figures:\n${JSON.stringify(figures, null, 2)}`);
  if (process.env.CDK8S_PG_KEEP_NAMESPACES !== '1') await target.client.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  target?.release();
}, 300_000);

/** The cluster as git has it in one version: two members, small, PostgreSQL 17 unless said otherwise. */
function version(props: Partial<PostgresClusterProps> = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'day2', { namespace: NS });
  const db = new PostgresCluster(chart, NAME, {
    teamId: 'day2',
    instances: 2,
    version: PostgresVersion.V17,
    volume: { size: Size.gibibytes(1) },
    users: { app: [] },
    databases: { app: 'app' },
    connectionPooler: {},
    // cert-manager (its stand-in here) issues the certificate the members and the pooler serve.
    tls: { secretName: `${NAME}-tls`, certManager: { issuer: { name: 'day2-ca' } } },
    ...props,
  });
  // An application wired with connect(): through the pooler, verify-full with the cluster's CA (the Spilo image for psql).
  const app = new kplus.Job(chart, 'app', {
    containers: [{
      image: db.statefulSet.toJson().spec.template.spec.containers[0].image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // cdk8s-plus runs containers as non-root; the image's postgres user.
      securityContext: { user: 101, group: 103 },
      command: ['psql', '-tAc', APP_QUERY],
      resources: { cpu: { request: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(32) } },
    }],
  });
  db.connect(app, { user: 'app', pooler: true });
  return chart.toJson() as Manifest[];
}

/** What the wired application asks: who it is, whether TLS is on, which database. */
const APP_QUERY = 'SELECT current_user, ssl, current_database() FROM pg_stat_ssl WHERE pid = pg_backend_pid();';

const applyObjects = (objs: Manifest[]) => applyAll({ client: target.client, namespaces: target.namespaces } as unknown as Target, undefined, objs);
const members = async () => (await pods(target, NS, SELECTOR)).filter(p => !p.metadata.deletionTimestamp);
const dcsJobs = (objs: Manifest[]) => objs.filter(o => o.kind === 'Job' && o.metadata.name.startsWith(`${NAME}-dcs-`));

/** Pod identity: a recreated pod has a new UID, a restarted container a higher restart count. */
const podIdentity = async () => Object.fromEntries((await members()).map(p => [p.metadata.name,
  `${p.metadata.uid} restarts=${(p.status?.containerStatuses ?? []).map((c: any) => c.restartCount).join(',')}`]));

/** A member's PostgreSQL, by pod IP (replicas included). */
const memberLogin = (pod: any): Login => ({ ...su, host: pod.status.podIP });
async function showOnEveryMember(parameter: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of await members()) out[p.metadata.name] = await psql(target, NS, memberLogin(p), `SHOW ${parameter};`);
  return out;
}

/** Patroni's dynamic configuration as a member serves it (GET /config). */
async function patroniConfig(): Promise<any> {
  const [p] = await members();
  return JSON.parse(await target.kubectl(['exec', '-n', NS, p.metadata.name, '-c', 'postgres', '--', 'curl', '-fsS', 'http://localhost:8008/config']));
}

async function patroniCluster(): Promise<any[]> {
  const [p] = await members();
  return JSON.parse(await target.kubectl(['exec', '-n', NS, p.metadata.name, '-c', 'postgres', '--', 'curl', '-fsS', 'http://localhost:8008/cluster'])).members;
}

/** The primary's timeline: every switchover or failover adds one. */
const timeline = async () => Number(await psql(target, NS, su,
  "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int;"));

/** The logs of every pod of a Job, oldest first. */
async function jobLog(job: string): Promise<string> {
  return target.kubectl(['logs', '-n', NS, '-l', `job-name=${job}`, '--tail=-1', '--prefix']).catch(e => String(e));
}

/**
 * Applies a version while a client writes through the primary Service; waits for the new Jobs (the dynamic
 * configuration Job above all) and the members; returns what changed on the cluster.
 */
async function change(label: string, objects: Manifest[], expectJobFailure = false) {
  const newJobs = objects.filter(o => o.kind === 'Job' && !applied.some(a => a.kind === 'Job' && a.metadata.name === o.metadata.name));
  // What `cdk8s-postgres plan` says this change will do, to hold against what happens.
  const plan = ClusterPlan.compareObjects(applied, objects).clusters.find(c => c.name === NAME)!;
  const pods0 = await podIdentity();
  const timeline0 = await timeline();
  const sts0 = await target.client.get(objects.find(o => o.kind === 'StatefulSet')!);
  await provisionVolumes(target, objects);
  await startWriter(target, NS, su, 'day2_writes');
  await sleep(1_000);
  const t0 = Date.now();
  const result = await applyObjects(objects);
  expect(result.failures).toEqual([]);
  let failedJob = '';
  if (expectJobFailure) {
    failedJob = await until(`${label}: a Job fails`, 900_000, async () => {
      for (const j of dcsJobs(newJobs)) {
        const live = await target.client.get(j);
        if ((live?.status?.failed ?? 0) > 0) return j.metadata.name;
      }
      return undefined;
    }, () => podReport(target, [NS]));
  } else {
    await waitWorkloads(target, [...objects.filter(o => o.kind === 'StatefulSet'), ...newJobs], 900_000);
  }
  const replicas = objects.find(o => o.kind === 'StatefulSet')!.spec.replicas;
  await until(`${label}: every member ready, one primary`, 300_000, async () => {
    const ms = await members();
    return ms.length === replicas && ms.every(isReady) && ms.filter(p => p.metadata.labels['spilo-role'] === 'master').length === 1 ? true : undefined;
  }, () => podReport(target, [NS]));
  const seconds = (Date.now() - t0) / 1000;
  const { gap, rows } = await stopWriter(target, NS, su, 'day2_writes');
  const pods1 = await podIdentity();
  // The Jobs the cluster actually ran: created since the apply (the API server's clock has whole seconds).
  const jobsSeen = (await target.client.request('GET', `/apis/batch/v1/namespaces/${NS}/jobs`)).body.items
    .filter((j: any) => Date.parse(j.metadata.creationTimestamp) >= t0 - 1_000).map((j: any) => j.metadata.name).sort();
  const sts1 = await target.client.get(objects.find(o => o.kind === 'StatefulSet')!);
  const outcome = {
    seconds,
    writeGapSeconds: gap,
    rowsWritten: rows,
    switchovers: await timeline() - timeline0,
    podsRecreated: Object.keys(pods1).filter(n => n in pods0 && pods1[n].split(' ')[0] !== pods0[n].split(' ')[0]).length,
    containersRestarted: Object.keys(pods1).filter(n => pods1[n] !== pods0[n] && pods1[n].split(' ')[0] === pods0[n]?.split(' ')[0]).length,
    statefulSetChanged: sts1.metadata.generation !== sts0.metadata.generation,
    jobs: newJobs.map(j => j.metadata.name),
    jobsSeen,
  };
  const dcsJob = failedJob || dcsJobs(newJobs)[0]?.metadata.name;
  const dcsLog = dcsJob ? await jobLog(dcsJob) : '';
  // A dynamic configuration Job that needed a second pod would hide a race behind backoffLimit.
  const dcsPods = dcsJob ? (await target.client.get({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: dcsJob, namespace: NS } })).status : {};
  (outcome as Record<string, unknown>).dcsJobFailedPods = dcsPods.failed ?? 0;
  const planned = {
    podsReplaced: plan.podsReplaced, switchovers: plan.switchovers, restarts: plan.restarts, jobs: plan.jobs.map(j => j.name).sort(),
  };
  (outcome as Record<string, unknown>).planned = planned;
  step(`${label}: ${JSON.stringify(outcome)}\n${dcsLog}`);
  figures[label] = outcome;
  applied = objects;
  return { ...outcome, failedJob, dcsLog, planned };
}

/** The plan's predictions held: the pods it said roll rolled, its switchovers happened, its Jobs ran, restarts iff it said so. */
function expectPlanHeld(out: Awaited<ReturnType<typeof change>>, options: { switchovers?: boolean } = {}): void {
  expect(out.podsRecreated).toBe(out.planned.podsReplaced);
  if (options.switchovers ?? true) expect(out.switchovers).toBe(out.planned.switchovers);
  expect(out.jobsSeen).toEqual(out.planned.jobs);
  expect(/restart day2-db-\d \(/.test(out.dcsLog)).toBe(out.planned.restarts > 0);
}

describe('day 2 on the running cluster: each change in git reaches the live cluster', () => {
  test('version A boots; its dynamic configuration Job finds nothing to change', async () => {
    applied = version({ parameters: { work_mem: '4MB' } });
    await target.namespaces.fresh(NS);
    tagImages(target, planImages(applied));
    await provisionVolumes(target, applied);
    ca = (await certManagerStandIns(target, applied))!;
    const result = await applyObjects(applied);
    expect(result.failures).toEqual([]);
    await waitWorkloads(target, applied, 600_000);
    const image = podSpecOf(applied.find(o => o.kind === 'StatefulSet')!).containers[0].image;
    await startClient(target, NS, image);
    su = { host: `${NAME}.${NS}.svc`, user: 'postgres', password: await secretValue(target, NS, `postgres.${NAME}.credentials.postgresql.acid.zalan.do`, 'password') };
    const [job] = dcsJobs(applied);
    expect(await jobLog(job.metadata.name)).toContain('the live configuration already is git\'s');
    // The application connect() wired: through the pooler with verify-full (PGSSLROOTCERT), as app in database app.
    const appJob = applied.find(o => o.kind === 'Job' && o.metadata.name.startsWith('day2-app-'))!;
    expect(podSpecOf(appJob).containers[0].env.find((e: any) => e.name === 'PGSSLMODE').value).toBe('verify-full');
    const appLog = await until('the connected application\'s Job succeeds', 300_000, async () =>
      ((await target.client.get(appJob))?.status?.succeeded ? jobLog(appJob.metadata.name) : undefined));
    expect(appLog).toMatch(/\bapp\|t\|app\b/);
    expect(await showOnEveryMember('work_mem')).toEqual({ [`${NAME}-0`]: '4MB', [`${NAME}-1`]: '4MB' });
  }, 900_000);

  test('tls with cert-manager: sslmode=verify-full through the primary Service and through the pooler, a wrong name refused', async () => {
    await target.kubectl(['exec', '-i', '-n', NS, CLIENT_POD, '--', 'sh', '-c', `cat > ${CA_FILE}`], { input: ca });
    const verified = (host: string): Login => ({ ...su, host, sslRootCert: CA_FILE });
    const sslQuery = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();';
    expect(await psql(target, NS, verified(`${NAME}.${NS}.svc`), sslQuery)).toBe('t');
    expect(await psql(target, NS, verified(`${NAME}-repl.${NS}.svc`), sslQuery)).toBe('t');
    // Through the pooler: PgBouncer serves the same certificate to the client (verified), then logs in as the pooler.
    const app = await secretValue(target, NS, `app.${NAME}.credentials.postgresql.acid.zalan.do`, 'password');
    const viaPooler = await until('app logs in through the pooler with verify-full', 120_000, async () =>
      psql(target, NS, { host: `${NAME}-pooler.${NS}.svc`, user: 'app', password: app, database: 'app', sslRootCert: CA_FILE }, 'SELECT current_user;')
        .catch(() => undefined));
    expect(viaPooler).toBe('app');
    // A member's IP is not among the certificate's names: verify-full refuses it.
    const [member] = await members();
    await expect(psql(target, NS, verified(member.status.podIP), 'SELECT 1;')).rejects.toThrow(/does not match host name|server certificate/);
  }, 300_000);

  test('a certificate renewal reaches PostgreSQL: kubelet updates the files, the crontab\'s reload test reloads, new connections get the new certificate', async () => {
    const certificate = applied.find(o => o.kind === 'Certificate')!;
    const out = await renewalReachesPostgres(target, NS, await members(), certificate, {
      primary: { ...su, host: `${NAME}.${NS}.svc`, sslRootCert: CA_FILE }, replicaHost: `${NAME}-repl.${NS}.svc`,
    });
    figures['certificate renewal'] = out;
    step(`certificate renewal: ${JSON.stringify(out)}`);
    expect(out.servedBeforeRenewal).toBe(out.oldSerial);
    expect(out.newSerial).not.toBe(out.oldSerial);
    // Spilo's schedule on every member; the files alone change nothing until the reload test runs (unless cron's own
    // run came first), and a second run finds nothing new.
    expect(Object.values(out.schedules)).toEqual(['*/5 * * * *', '*/5 * * * *']);
    expect(Object.values(out.reloadedBy)).not.toContain('nobody');
    if (Object.values(out.reloadedBy).every(by => by === 'command')) expect(out.servedBeforeReload).toBe(out.oldSerial);
    expect(out.servedAfter).toEqual({ primary: out.newSerial, replica: out.newSerial });
    expect(Object.values(out.secondRun)).toEqual(['', '']);
    // The session opened before the renewal still answers, in the same backend, over TLS.
    expect(out.heldSession.before).toMatch(/^\d+\|t$/);
    expect(out.heldSession.after).toBe(out.heldSession.before);
  }, 300_000);

  test('Patroni REST API: an unauthenticated POST /switchover is refused, an authenticated one switches over', async () => {
    const all = await members();
    const leader = all.find(p => p.metadata.labels['spilo-role'] === 'master')!;
    const replica = all.find(p => p !== leader)!;
    // From the other member (allowed to reach 8008 under the cluster's NetworkPolicies), over the pod network.
    const post = async (auth: string[]) => target.kubectl(['exec', '-n', NS, replica.metadata.name, '-c', 'postgres', '--', 'curl', '-sS',
      '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'Content-Type: application/json', ...auth,
      '-d', JSON.stringify({ leader: leader.metadata.name }), `http://${leader.status.podIP}:8008/switchover`]);
    const before = await timeline();
    expect(await post([])).toBe('401');
    expect(await post(['-u', 'patroni:not-the-password'])).toBe('401');
    expect(await timeline()).toBe(before);
    // GETs stay open (probes, monitoring): the cluster view without credentials.
    expect((await patroniCluster()).map((m: any) => m.name).sort()).toEqual(all.map(p => p.metadata.name).sort());
    const password = await secretValue(target, NS, `${NAME}-patroni-api`, 'password');
    expect(password).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(await post(['-u', `patroni:${password}`])).toBe('200');
    await until('the old leader streams from the new one', 180_000, async () => {
      const view = await patroniCluster();
      const newLeader = view.find((m: any) => m.role === 'leader');
      return newLeader?.name === replica.metadata.name && view.some((m: any) => m.name === leader.metadata.name && m.state === 'streaming') ? true : undefined;
    });
    expect(await timeline()).toBe(before + 1);
  }, 300_000);

  test('a live change (DCS parameters, Patroni ttl, a permanent slot): no pod recreated or restarted, every member has it', async () => {
    const out = await change('live change', version({
      parameters: { work_mem: '8MB', log_min_duration_statement: '250' },
      patroni: { ttl: Duration.seconds(40), slots: { day2_slot: { type: 'physical' } } },
    }));
    expect(out).toMatchObject({ podsRecreated: 0, containersRestarted: 0, switchovers: 0, statefulSetChanged: false, dcsJobFailedPods: 0 });
    expect(out.jobs.filter(j => !j.startsWith(`${NAME}-dcs-`))).toEqual([]);
    expectPlanHeld(out);
    expect(await showOnEveryMember('work_mem')).toEqual({ [`${NAME}-0`]: '8MB', [`${NAME}-1`]: '8MB' });
    expect(await showOnEveryMember('log_min_duration_statement')).toEqual({ [`${NAME}-0`]: '250ms', [`${NAME}-1`]: '250ms' });
    const config = await patroniConfig();
    expect(config.ttl).toBe(40);
    expect(config.slots).toEqual({ day2_slot: { type: 'physical' } });
    expect(config.postgresql.parameters.work_mem).toBe('8MB');
    // Patroni creates the permanent slot on the primary.
    await until('the permanent slot on the primary', 60_000, async () =>
      await psql(target, NS, su, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'day2_slot';") === '1' ? true : undefined);
  }, 1_200_000);

  test('a restart change (max_connections up): replicas first, one switchover, no pod recreated', async () => {
    const out = await change('restart change (raised)', version({
      parameters: { work_mem: '8MB', log_min_duration_statement: '250', max_connections: '150' },
      patroni: { ttl: Duration.seconds(40), slots: { day2_slot: { type: 'physical' } } },
    }));
    expect(out).toMatchObject({ podsRecreated: 0, switchovers: 1, statefulSetChanged: false, dcsJobFailedPods: 0 });
    expect(out.dcsLog).toMatch(/restart day2-db-\d \(replica\)[\s\S]*switchover from day2-db-\d to day2-db-\d/);
    expectPlanHeld(out);
    expect(await showOnEveryMember('max_connections')).toEqual({ [`${NAME}-0`]: '150', [`${NAME}-1`]: '150' });
    expect((await patroniCluster()).filter(m => m.pending_restart)).toEqual([]);
    expect(out.writeGapSeconds).toBeLessThanOrEqual(30);
  }, 1_200_000);

  test('removals and a lowered minimum: slot, ttl and work_mem go back to the defaults, the primary restarts first', async () => {
    const out = await change('removals, max_connections down', version({ parameters: { log_min_duration_statement: '250', max_connections: '120' } }));
    expect(out).toMatchObject({ podsRecreated: 0, switchovers: 0, statefulSetChanged: false, dcsJobFailedPods: 0 });
    expect(out.dcsLog).toMatch(/lowered max_connections: the primary restarts first/);
    expectPlanHeld(out);
    const config = await patroniConfig();
    expect(config.slots).toBeUndefined();
    expect(config.ttl).toBe(30);
    expect(config.postgresql.parameters.work_mem).toBeUndefined();
    expect(config.postgresql.parameters.max_connections).toBe('120');
    expect(await showOnEveryMember('max_connections')).toEqual({ [`${NAME}-0`]: '120', [`${NAME}-1`]: '120' });
    expect(await showOnEveryMember('work_mem')).toEqual({ [`${NAME}-0`]: '4MB', [`${NAME}-1`]: '4MB' });
    await until('the slot dropped on the primary', 60_000, async () =>
      await psql(target, NS, su, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'day2_slot';") === '0' ? true : undefined);
  }, 1_200_000);

  test('a local change (log_rotation_age) rolls the members with one switchover', async () => {
    const out = await change('local change', version({ parameters: { log_min_duration_statement: '250', max_connections: '120', log_rotation_age: '2d' } }));
    expect(out).toMatchObject({ podsRecreated: 2, switchovers: 1, statefulSetChanged: true });
    expectPlanHeld(out);
    expect(await showOnEveryMember('log_rotation_age')).toEqual({ [`${NAME}-0`]: '2d', [`${NAME}-1`]: '2d' });
    expect(out.writeGapSeconds).toBeLessThanOrEqual(30);
  }, 1_200_000);

  const current = { log_min_duration_statement: '250', max_connections: '120', log_rotation_age: '2d' };

  test('scaling up and down: the new member joins under the namespaced Role, the removed one keeps its claim', async () => {
    const up = await change('scale up 2 -> 3', version({ instances: 3, parameters: current }));
    expect(up).toMatchObject({ podsRecreated: 0, switchovers: 0, statefulSetChanged: true, jobs: [] });
    expectPlanHeld(up);
    const role = await target.client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `${NAME}-postgres-pod`, namespace: NS } });
    expect(role.rules.flatMap((r: any) => r.resourceNames ?? [])).toEqual(expect.arrayContaining([`${NAME}-2`]));
    await until('three members in Patroni, the new one streaming', 180_000, async () => {
      const ms = await patroniCluster();
      return ms.length === 3 && ms.some(m => m.name === `${NAME}-2` && m.state === 'streaming') ? true : undefined;
    });
    const log = await target.kubectl(['logs', '-n', NS, `${NAME}-2`, '-c', 'postgres']);
    // 'Forbidden' is how the API server's 403 reaches Patroni's log; a bare 403 can be a timestamp's milliseconds.
    expect(log.split('\n').filter(l => /forbidden|\b(?:HTTP|status|code|\()\W{0,3}403\b/i.test(l))).toEqual([]);
    expect(await showOnEveryMember('max_connections')).toEqual({ [`${NAME}-0`]: '120', [`${NAME}-1`]: '120', [`${NAME}-2`]: '120' });

    const down = await change('scale down 3 -> 2', version({ parameters: current }));
    expect(down).toMatchObject({ statefulSetChanged: true, jobs: [] });
    expect(down.switchovers).toBeLessThanOrEqual(1);
    await until('two members in Patroni', 120_000, async () => (await patroniCluster()).length === 2 ? true : undefined);
    // The StatefulSet retains the removed member's claim (whenScaled: Retain): its data is still there.
    const claim = await target.client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `pgdata-${NAME}-2`, namespace: NS } });
    expect(claim?.status?.phase).toBe('Bound');
  }, 1_800_000);

  test('growing the volume: each member\'s claim gets the new request, the StatefulSet and its pods stay', async () => {
    const out = await change('volume 1Gi -> 2Gi', version({ parameters: current, volume: { size: Size.gibibytes(2), claimTemplateSize: Size.gibibytes(1) } }));
    expect(out).toMatchObject({ podsRecreated: 0, containersRestarted: 0, switchovers: 0, statefulSetChanged: false, jobs: [] });
    expectPlanHeld(out);
    for (const i of [0, 1]) {
      const claim = await target.client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `pgdata-${NAME}-${i}`, namespace: NS } });
      expect({ claim: claim.metadata.name, requested: claim.spec.resources.requests.storage }).toEqual({ claim: `pgdata-${NAME}-${i}`, requested: '2Gi' });
    }
    const sts = await target.client.get({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: NAME, namespace: NS } });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
  }, 1_200_000);

  test('password rotation: the new password logs in through the Service and the pooler, the old one no longer does', async () => {
    const secret = (user: string) => secretValue(target, NS, `${user}.${NAME}.credentials.postgresql.acid.zalan.do`, 'password');
    const [oldApp, oldPooler] = [await secret('app'), await secret('pooler')];
    const poolerPods0 = (await pods(target, NS, { 'connection-pooler': `${NAME}-pooler` })).map(p => p.metadata.uid).sort();
    const out = await change('password rotation', version({
      parameters: current, volume: { size: Size.gibibytes(2), claimTemplateSize: Size.gibibytes(1) }, passwordRotation: { app: 'r1', pooler: 'r1' },
    }));
    expect(out).toMatchObject({ podsRecreated: 0, containersRestarted: 0, switchovers: 0, statefulSetChanged: false });
    expect(out.jobs.map(j => j.replace(/-[0-9a-f]+$/, '')).sort()).toEqual([`${NAME}-creds`, `${NAME}-sync`]);
    expectPlanHeld(out);
    const [newApp, newPooler] = [await secret('app'), await secret('pooler')];
    expect(newApp).not.toBe(oldApp);
    expect(newPooler).not.toBe(oldPooler);
    const app = (password: string, host = `${NAME}.${NS}.svc`): Login => ({ host, user: 'app', password, database: 'app' });
    expect(await psql(target, NS, app(newApp), 'SELECT current_user;')).toBe('app');
    await expect(psql(target, NS, app(oldApp), 'SELECT 1;')).rejects.toThrow(/password authentication failed/);
    // The pooler's pods restarted with the pooler role's new password (its userlist), and look app up with it.
    await waitWorkloads(target, applied.filter(o => o.kind === 'Deployment' && o.metadata.name === `${NAME}-pooler`), 300_000);
    const poolerPods1 = (await pods(target, NS, { 'connection-pooler': `${NAME}-pooler` })).filter(isReady).map(p => p.metadata.uid).sort();
    expect(poolerPods1.some(uid => poolerPods0.includes(uid))).toBe(false);
    const viaPooler = await until('app logs in through the pooler with the new password', 120_000, async () =>
      psql(target, NS, app(newApp, `${NAME}-pooler.${NS}.svc`), 'SELECT current_user;').catch(() => undefined));
    expect(viaPooler).toBe('app');
    await expect(psql(target, NS, app(oldApp, `${NAME}-pooler.${NS}.svc`), 'SELECT 1;')).rejects.toThrow(/password authentication failed|SASL authentication failed|server login/);
  }, 1_200_000);

  const before18 = { parameters: current, volume: { size: Size.gibibytes(2), claimTemplateSize: Size.gibibytes(1) }, passwordRotation: { app: 'r1', pooler: 'r1' } };

  test('a major version bump with in-place upgrades off: the members roll onto PGVERSION 18, the Job fails loudly, nothing else changes', async () => {
    // Spilo keeps the data directory's major version; the Job refuses without retries (its Role has no pods/exec).
    const out = await change('version bump, upgrades off', version({
      ...before18, version: PostgresVersion.V18, majorVersionUpgrade: { mode: MajorVersionUpgradeMode.OFF },
    }), true);
    expect(out.failedJob).toMatch(new RegExp(`^${NAME}-dcs-`));
    expect(out.dcsLog).toContain('runs PostgreSQL 17, git says 18, and majorVersionUpgrade.mode is off');
    expect(await psql(target, NS, su, 'SHOW server_version_num;')).toMatch(/^17/);
    const job = await target.client.get(dcsJobs(applied).find(j => j.metadata.name === out.failedJob)!);
    // Not retried: the program's exit code for a state no retry changes fails the Job at once (podFailurePolicy).
    expect(job.status.failed).toBe(1);
    expect((job.status.conditions ?? []).some((c: any) => c.type === 'Failed' && c.status === 'True')).toBe(true);
    const role = await target.client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `${NAME}-dcs`, namespace: NS } });
    expect(role.rules.flatMap((r: any) => r.resources)).not.toContain('pods/exec');
  }, 1_800_000);

  test('a major version bump with upgrades on (the default): Spilo\'s upgrade script on the primary through pods/exec, every member on 18, no row lost', async () => {
    // Data written before the upgrade, with a digest to compare after it.
    await psql(target, NS, su, 'DROP TABLE IF EXISTS day2_kept; CREATE TABLE day2_kept AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 10000) g;');
    const digest = "SELECT count(*), sum(id), md5(string_agg(v, '' ORDER BY id)) FROM day2_kept;";
    const kept0 = await psql(target, NS, su, digest);
    const out = await change('major upgrade 17 -> 18 in place', version({ ...before18, version: PostgresVersion.V18 }));
    // The pods already run PGVERSION 18 (previous step): only the Job's mode changed, so nothing rolls.
    expect(out).toMatchObject({ podsRecreated: 0, statefulSetChanged: false, dcsJobFailedPods: 0 });
    expect(out.dcsLog).toMatch(/upgrading day2-db from PostgreSQL 17 to 18 in place: Spilo's upgrade script on the primary day2-db-\d \(2 members\)/);
    expect(out.dcsLog).toMatch(/day2-db-\d\| .*inplace_upgrade/);
    // The operator's critical-operation label was on every member while the script ran, and is gone now (below).
    expect(out.dcsLog).toMatch(/labelled critical-operation=true on day2-db-0, day2-db-1[\s\S]*inplace_upgrade[\s\S]*removed critical-operation on day2-db-0, day2-db-1/);
    expect(out.dcsLog).toMatch(/upgraded day2-db to PostgreSQL 18 in [\d.]+ s/);
    const versions: Record<string, string> = {};
    for (const p of await members()) versions[p.metadata.name] = (await psql(target, NS, memberLogin(p), 'SHOW server_version_num;')).slice(0, 2);
    expect(versions).toEqual({ [`${NAME}-0`]: '18', [`${NAME}-1`]: '18' });
    const ms = await patroniCluster();
    expect(ms.map(m => m.state).sort()).toEqual(['running', 'streaming']);
    expect(await psql(target, NS, su, digest)).toBe(kept0);
    // ... on the replica too (it was re-created from the upgraded primary).
    const replica = (await members()).find(p => p.metadata.labels['spilo-role'] !== 'master')!;
    await until('the replica has replayed the kept rows', 60_000, async () =>
      await psql(target, NS, memberLogin(replica), digest) === kept0 ? true : undefined);
    // The operator's critical-operation label is gone again; the upgrade kept the configuration git set.
    expect((await members()).map(p => p.metadata.labels['critical-operation'])).toEqual([undefined, undefined]);
    expect(await showOnEveryMember('max_connections')).toEqual({ [`${NAME}-0`]: '120', [`${NAME}-1`]: '120' });
    // The app role and its rotated password survive pg_upgrade.
    const app = await secretValue(target, NS, `app.${NAME}.credentials.postgresql.acid.zalan.do`, 'password');
    expect(await psql(target, NS, { host: `${NAME}.${NS}.svc`, user: 'app', password: app, database: 'app' }, 'SELECT current_user;')).toBe('app');
  }, 1_800_000);
});
