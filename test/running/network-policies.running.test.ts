// Running-cluster tier: the cluster's NetworkPolicies enforced (kube-router's firewall, CDK8S_PG_NETWORK_POLICIES=1,
// see scripts/cluster/README.md). A client declared with allowFrom() in another chart and namespace logs in through
// the primary Service; a pod outside the allowed set, in the cluster's own namespace, is refused on 5432, 8008 and
// 8080, and connects once the members' policy is deleted (so the refusal is the policy's); the members stay Ready
// (kubelet's probes) and the Jobs complete under their own policy. Prints the time from apply/delete to effect.
import { mkdirSync, writeFileSync } from 'fs';
import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { isReady, pods, step, until, waitWorkloads } from './live';
import { planImages, provisionVolumes, tagImages } from './prepare';
import { secretValue } from './psql';
import { connectRunning, RunningTarget } from './target';
import { podSpecOf } from './workloads';
import { PostgresClient, PostgresCluster } from '../../src';
import { Manifest } from '../apiserver/client';
import { Target } from '../apiserver/target';
import { applyAll } from '../apiserver/tier';

const NS = 'netpol';
const APPS = 'netpol-apps';
const NAME = 'netpol-db';
const ALLOWED = 'allowed';
const OUTSIDER = 'outsider';
const figures: Record<string, unknown> = {};

let target: RunningTarget;
let objects: Manifest[];
let image: string;
let memberIp: string;

beforeAll(async () => { target = await connectRunning(); }, 300_000);
beforeEach(() => step(`${expect.getState().currentTestName}`));
afterAll(async () => {
  mkdirSync('test-reports', { recursive: true });
  writeFileSync('test-reports/running-figures-netpol.json', JSON.stringify(figures, null, 2));
  console.log(`running tier network policy figures:\n${JSON.stringify(figures, null, 2)}`);
  if (process.env.CDK8S_PG_KEEP_NAMESPACES !== '1') {
    for (const name of [NS, APPS]) await target.client.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  target?.release();
}, 300_000);

/** A pod that only sleeps, with the Spilo image's python3 and psql. */
function clientPod(ns: string, name: string, spiloImage: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: `netpol-${name}` } },
    spec: {
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'client',
        image: spiloImage,
        imagePullPolicy: 'IfNotPresent',
        command: ['sleep', 'infinity'],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
    },
  } as Manifest;
}

/** The cluster in NS, the allowed client in APPS (another chart), declared with allowFrom(); one member, small. */
function manifests(): Manifest[] {
  const app = Testing.app();
  const db = new Chart(app, 'db', { namespace: NS });
  const apps = new Chart(app, 'apps', { namespace: APPS });
  const cluster = new PostgresCluster(db, NAME, { teamId: 'netpol', volume: { size: Size.gibibytes(1) }, users: { app: [] }, databases: { app: 'app' } });
  const spilo = podSpecOf(db.toJson().find((o: any) => o.kind === 'StatefulSet')).containers[0].image;
  const client = new ApiObject(apps, 'client', clientPod(APPS, ALLOWED, spilo) as any);
  cluster.allowFrom(PostgresClient.fromWorkload(client));
  return [...db.toJson(), ...apps.toJson()] as Manifest[];
}

/** A TCP connection from `pod` to host:port within 2 s. */
async function connects(ns: string, pod: string, host: string, port: number): Promise<boolean> {
  const out = await target.kubectl(['exec', '-n', ns, pod, '--', 'python3', '-c',
    `import socket\ntry:\n socket.create_connection(("${host}", ${port}), timeout=2).close(); print("yes")\nexcept OSError: print("no")`]);
  return out.trim() === 'yes';
}

/**
 * Runs `action`, then seconds until `pod`'s TCP probes to host:port (every 50 ms, 0.3 s timeout) give `want` three
 * times in a row, measured inside the pod from just before the action; undefined if not within 60 s.
 */
async function change(ns: string, pod: string, host: string, port: number, want: boolean,
  action: () => Promise<unknown>): Promise<number | undefined> {
  const watcher = [
    'import socket, sys, time',
    `want, host, port = ${want ? 'True' : 'False'}, "${host}", ${port}`,
    't0 = float(sys.stdin.readline())',
    'def probe():',
    '    try:',
    '        socket.create_connection((host, port), timeout=0.3).close(); return True',
    '    except OSError:',
    '        return False',
    'first, streak, end = None, 0, time.time() + 60',
    'while time.time() < end:',
    '    t = time.time()',
    '    if probe() == want:',
    '        first = first or t; streak += 1',
    '        if streak == 3: print("%.2f" % max(0, first - t0)); sys.exit(0)',
    '    else:',
    '        first, streak = None, 0',
    '    time.sleep(0.05)',
    'print("never")',
  ].join('\n');
  const t0 = Date.now() / 1000;
  const probing = target.kubectl(['exec', '-i', '-n', ns, pod, '--', 'python3', '-c', watcher], { input: `${t0}\n`, timeoutMs: 90_000 });
  await action();
  const out = (await probing).trim();
  return out === 'never' ? undefined : Number(out);
}

const applyObjects = (objs: Manifest[]) => applyAll({ client: target.client, namespaces: target.namespaces } as unknown as Target, undefined, objs);
const membersPolicy = () => objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.name === NAME)!;
const service = `${NAME}.${NS}.svc`;

describe('NetworkPolicies enforced on the running cluster', () => {
  test('the cluster boots under its policies: members Ready (kubelet probes), every Job completes', async () => {
    const started = Date.now();
    objects = manifests();
    expect(objects.filter(o => o.kind === 'NetworkPolicy').map(o => o.metadata.name).sort()).toEqual([NAME, `${NAME}-jobs`]);
    for (const ns of [NS, APPS]) await target.namespaces.fresh(ns);
    tagImages(target, planImages(objects));
    await provisionVolumes(target, objects);
    const result = await applyObjects(objects);
    expect(result.failures).toEqual([]);
    image = podSpecOf(objects.find(o => o.kind === 'StatefulSet')!).containers[0].image;
    await target.client.apply(clientPod(NS, OUTSIDER, image), { fieldManager: 'cdk8s-postgres-test-tier' });
    const times = await waitWorkloads(target, objects, 600_000);
    figures.workloadsReadySeconds = Object.fromEntries(times);
    for (const [ns, name] of [[APPS, ALLOWED], [NS, OUTSIDER]]) {
      await until(`pod ${ns}/${name} ready`, 120_000, async () => isReady(await target.client.get({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } })) ? true : undefined);
    }
    const members = await pods(target, NS, { 'application': 'spilo', 'cluster-name': NAME });
    expect(members.map(isReady)).toEqual([true]);
    memberIp = members[0].status.podIP;
    figures.bootSeconds = (Date.now() - started) / 1000;
  }, 900_000);

  test('the client declared with allowFrom (another chart and namespace) logs in through the primary Service', async () => {
    const password = await secretValue(target, NS, `app.${NAME}.credentials.postgresql.acid.zalan.do`, 'password');
    const out = await target.kubectl(['exec', '-n', APPS, ALLOWED, '--', 'env', `PGPASSWORD=${password}`, 'psql', '-XAtq',
      `host=${service} port=5432 user=app dbname=app sslmode=require connect_timeout=5`, '-c', 'SELECT current_user;']);
    expect(out.trim()).toBe('app');
    // Patroni's REST API is for the members and the library's Jobs only, declared clients included.
    expect(await connects(APPS, ALLOWED, memberIp, 8008)).toBe(false);
  }, 120_000);

  test('a pod outside the allowed set is refused on 5432 (Service and pod), 8008 and 8080', async () => {
    expect(await connects(NS, OUTSIDER, service, 5432)).toBe(false);
    expect(await connects(NS, OUTSIDER, memberIp, 5432)).toBe(false);
    expect(await connects(NS, OUTSIDER, memberIp, 8008)).toBe(false);
    expect(await connects(NS, OUTSIDER, memberIp, 8080)).toBe(false);
  }, 120_000);

  test('the refusal is the policy\'s: without the members\' policy the outsider connects, with it again it is refused', async () => {
    const policyRef = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: NAME, namespace: NS } };
    const opened = await change(NS, OUTSIDER, memberIp, 5432, true, () => target.client.delete(policyRef));
    expect(opened).toBeDefined();
    expect(await connects(NS, OUTSIDER, service, 5432)).toBe(true);
    expect(await connects(NS, OUTSIDER, memberIp, 8008)).toBe(true);
    const closed = await change(NS, OUTSIDER, memberIp, 5432, false, () => applyObjects([membersPolicy()]));
    expect(closed).toBeDefined();
    expect(await connects(NS, OUTSIDER, memberIp, 8008)).toBe(false);
    expect(await connects(APPS, ALLOWED, service, 5432)).toBe(true);
    figures.policyDeleteToEffectSeconds = opened;
    figures.policyApplyToEffectSeconds = closed;
    // Established connections are not the point here; the members kept serving and stayed Ready throughout.
    const members = await pods(target, NS, { 'application': 'spilo', 'cluster-name': NAME });
    expect(members.map(isReady)).toEqual([true]);
  }, 300_000);
});
