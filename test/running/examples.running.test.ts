// Running-cluster tier: each example applied unchanged to a real multi-node cluster (kubelet, containerd, kube-proxy,
// CoreDNS) running our Spilo-compatible test image with real Patroni and PostgreSQL. Every assertion is on the live
// system: pods Ready, Jobs complete, logins through Service DNS names, failover, drain, rolling update, re-apply.
import { writeFileSync, mkdirSync } from 'fs';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { allLogs, isReady, list, podReport, pods, sleep, step, until, waitWorkloads } from './live';
import { planImages, provisionVolumes, tagImages } from './prepare';
import { CLIENT_POD, Login, psql, secretValue, startClient, startWriter, stopWriter } from './psql';
import { sqlIntent } from './sql-intent';
import { certManagerStandIns, externalSecretStandIns, userProvidedStandIns } from './stand-ins';
import { connectRunning, RunningTarget } from './target';
import { podSpecOf } from './workloads';
import { EXAMPLES } from '../../examples/registry';
import { PostgresCluster } from '../../src';
import { ExternalReference } from '../../src/private/external';
import { LOCAL_CONFIGURATION_ANNOTATION, localConfigurationDigest } from '../../src/spilo/spilo-configuration';
import { Manifest } from '../apiserver/client';
import { Target } from '../apiserver/target';
import { applyAll, namespacesOf, place } from '../apiserver/tier';
import { externalReferences } from '../util';

const NAMES = (process.env.CDK8S_PG_RUNNING_EXAMPLES ?? 'minimal,production-ha,users-and-databases,pooler-and-monitoring').split(',');
const examples = EXAMPLES.filter(e => NAMES.includes(e.name));
const figures: Record<string, unknown> = {};

let target: RunningTarget;
beforeAll(async () => { target = await connectRunning(); }, 300_000);
beforeEach(() => step(`${expect.getState().currentTestName}`));
afterAll(() => {
  mkdirSync('test-reports', { recursive: true });
  writeFileSync(`test-reports/running-figures-${process.env.CDK8S_PG_RUNNING_SHARD ?? 'all'}.json`, JSON.stringify(figures, null, 2));
  console.log(`running tier figures:\n${JSON.stringify(figures, null, 2)}`);
  target?.release();
});

test('the tier runs the examples it was asked for', () => {
  expect(examples.map(e => e.name).sort()).toEqual([...NAMES].sort());
});

/** Server-side apply of every object, as Argo CD or Flux would (the API-server tier's own apply). */
const applyObjects = (objs: Manifest[]) => applyAll({ client: target.client, namespaces: target.namespaces } as unknown as Target, undefined, objs);

interface Cluster { readonly ns: string; readonly name: string; readonly replicas: number; readonly construct: PostgresCluster }

const primaryOf = async (c: Cluster) => (await pods(target, c.ns, { 'application': 'spilo', 'cluster-name': c.name, 'spilo-role': 'master' }))
  .filter(p => !p.metadata.deletionTimestamp);
const membersOf = (c: Cluster) => pods(target, c.ns, { 'application': 'spilo', 'cluster-name': c.name });

/** Ready addresses behind a Service (EndpointSlices). */
async function serviceAddresses(ns: string, service: string): Promise<string[]> {
  const slices = await list(target, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`);
  return slices.flatMap(s => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready).flatMap((e: any) => e.addresses)).sort();
}

async function superuser(c: Cluster): Promise<Login> {
  const secret = c.construct.userSecrets.find(s => s.username === 'postgres');
  const name = secret?.secretName ?? `postgres.${c.name}.credentials.postgresql.acid.zalan.do`;
  return { host: `${c.name}.${c.ns}.svc`, user: 'postgres', password: await secretValue(target, c.ns, name, secret?.passwordKey ?? 'password') };
}

/** Whether an example has a cluster of more than one member (where failover, switchover and reads on replicas apply). */
function hasReplicas(example: (typeof EXAMPLES)[number]): boolean {
  return example.build(Testing.app()).flatMap(ch => ch.node.findAll()).some(n => n instanceof PostgresCluster && n.instances > 1);
}

describe.each(examples)('example $name', example => {
  // Scenarios that need a replica are only defined where one exists: none is skipped, none passes by doing nothing.
  const replicas = hasReplicas(example);
  const withReplicas = (name: string, fn: () => Promise<void>, timeout?: number): void => {
    if (replicas) test(name, fn, timeout);
  };
  const defaultNamespace = `ex-${example.name}`;
  let objects: Manifest[] = [];
  let external: ExternalReference[] = [];
  let clusters: Cluster[] = [];
  let booted = false;
  const fig: Record<string, unknown> = {};
  figures[example.name] = fig;

  /** The example as synthesized; `localParameter`: with one more local PostgreSQL parameter on one cluster. */
  const build = (localParameter?: { cluster: string; name: string; value: string }) => {
    const app = Testing.app();
    const charts = example.build(app);
    const constructs = charts.flatMap(ch => ch.node.findAll()).filter((n): n is PostgresCluster => n instanceof PostgresCluster);
    const changed = constructs.find(k => k.clusterName === localParameter?.cluster);
    if (localParameter && changed) withLocalParameter(changed, localParameter.name, localParameter.value);
    return { manifests: charts.flatMap(ch => ch.toJson() as Manifest[]), constructs, external: externalReferences(app) };
  };
  const needBoot = () => { if (!booted) throw new Error('the example did not boot; nothing to check'); };
  const spiloImage = (c: Cluster) => podSpecOf(objects.find(o => o.kind === 'StatefulSet' && o.metadata.name === c.name
    && o.metadata.namespace === c.ns)!).containers[0].image;
  /** Boot checked and a client pod (psql) in every cluster's namespace, away from `avoidNode`. */
  const ready = async (avoidNode?: string) => {
    needBoot();
    for (const c of clusters) await startClient(target, c.ns, spiloImage(c), avoidNode);
  };

  beforeAll(async () => {
    const built = build();
    objects = await place({ client: target.client } as any, built.manifests, defaultNamespace);
    external = built.external.map(r => ({ ...r, namespace: r.namespace ?? defaultNamespace }));
    clusters = objects.filter(o => o.kind === 'StatefulSet' && o.metadata.labels?.application === 'spilo').map(o => ({
      ns: o.metadata.namespace!,
      name: o.metadata.name,
      replicas: o.spec.replicas,
      construct: built.constructs.find(k => k.clusterName === o.metadata.name && (k.namespace ?? defaultNamespace) === o.metadata.namespace)!,
    }));
  });

  afterAll(async () => {
    if (process.env.CDK8S_PG_KEEP_NAMESPACES === '1') return;
    for (const ns of namespacesOf(objects)) await target.client.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }, 300_000);

  test('applied server-side: every pod Ready, credentials and sync Jobs complete, no 403 in any log', async () => {
    const start = Date.now();
    const namespaces = namespacesOf(objects);
    for (const ns of namespaces) await target.namespaces.fresh(ns);
    const plan = planImages(objects);
    tagImages(target, plan);
    fig.volumesCreated = await provisionVolumes(target, objects);
    fig.externalSecretStandIns = await externalSecretStandIns(target, objects);
    // cert-manager's part (before the user-provided stand-ins, which would otherwise fill the Secret with nothing).
    fig.certificateStandIns = (await certManagerStandIns(target, objects)) ? objects.filter(o => o.kind === 'Certificate').length : 0;
    // The credentials Job's Roles name every Secret it creates (in each namespace it writes to).
    const createdInCluster = new Set([
      ...objects.filter(o => o.kind === 'Role' && o.metadata.name.endsWith('-credentials'))
        .flatMap(o => (o.rules as any[]).flatMap(r => (r.resourceNames ?? []).map((n: string) => `${o.metadata.namespace}/${n}`))),
      ...clusters.flatMap(c => c.construct.userSecrets.map(u => `${u.namespace ?? c.ns}/${u.secretName}`)),
      ...objects.filter(o => o.kind === 'ExternalSecret').map(o => `${o.metadata.namespace}/${o.spec.target?.name ?? o.metadata.name}`),
    ]);
    fig.userProvidedStandIns = await userProvidedStandIns(target, objects, external, createdInCluster);
    const result = await applyObjects(objects);
    expect(result.failures).toEqual([]);
    // A team's own application image (not ours, not in any test image) is not run: its Deployment is skipped.
    const standIn = (o: Manifest) => (podSpecOf(o)?.containers ?? []).every((c: any) => plan.standIns.includes(c.image));
    const times = await waitWorkloads(target, objects, 600_000, standIn);
    fig.bootSeconds = (Date.now() - start) / 1000;
    fig.readySeconds = Object.fromEntries(times);
    const jobs = objects.filter(o => o.kind === 'Job').map(o => o.metadata.name);
    expect(jobs.filter(j => /-creds-/.test(j)).length).toBeGreaterThan(0);
    for (const c of clusters) {
      const members = await membersOf(c);
      expect(members.filter(isReady)).toHaveLength(c.replicas);
      expect(await primaryOf(c)).toHaveLength(1);
      expect(await serviceAddresses(c.ns, c.name)).toEqual([(await primaryOf(c))[0].status.podIP]);
      // Patroni's members are the StatefulSet's pods only (a Job pod taken for one gets a slot that retains WAL).
      const leader = await target.client.request('GET', `/api/v1/namespaces/${c.ns}/configmaps/${c.name}-leader`);
      const slotNames = [
        ...Object.keys(JSON.parse(leader.body.metadata.annotations?.slots ?? '{}')),
        ...JSON.parse(leader.body.metadata.annotations?.retain_slots ?? '[]') as string[],
      ];
      const memberSlots = members.map(p => p.metadata.name.replace(/-/g, '_'));
      expect(slotNames.filter(n => !memberSlots.includes(n))).toEqual([]);
    }
    const forbidden: string[] = [];
    for (const ns of namespaces) {
      for (const [where, text] of await allLogs(target, ns)) {
        // 'Forbidden' is how the API server's 403 reaches Patroni's and our Jobs' logs; a bare 403 could be a timestamp.
        const lines = text.split('\n').filter(l => /forbidden|\b(?:HTTP|status|code|\()\W{0,3}403\b/i.test(l));
        if (lines.length) forbidden.push(`${where}: ${lines.slice(0, 3).join(' | ')}`);
      }
    }
    expect(forbidden).toEqual([]);
    booted = true;
  }, 900_000);

  test('least privilege on the live members: the API token in postgres only, processes as the pod security context says', async () => {
    needBoot();
    for (const c of clusters) {
      for (const pod of await membersOf(c)) {
        // The live Pod as admitted: had the pod automounted its token, the ServiceAccount admission plugin would
        // have added a kube-api-access-* volume to every container.
        const withToken = [...pod.spec.initContainers ?? [], ...pod.spec.containers]
          .filter((k: any) => (k.volumeMounts ?? []).some((m: any) => m.mountPath.startsWith('/var/run/secrets/kubernetes.io')))
          .map((k: any) => k.name);
        expect({ pod: pod.metadata.name, withToken }).toEqual({ pod: pod.metadata.name, withToken: ['postgres'] });
        // Patroni runs as postgres either way; the restricted profile makes the container start as it (not as root).
        const uid = (await target.kubectl(['exec', '-n', c.ns, pod.metadata.name, '-c', 'postgres', '--', 'sh', '-c', 'id -u; cat /proc/1/status'])).trim();
        const pid1 = /^Uid:\s+(\d+)/m.exec(uid)?.[1];
        const restricted = pod.spec.securityContext?.runAsNonRoot === true;
        expect({ pod: pod.metadata.name, shell: uid.split('\n')[0], pid1 })
          .toEqual({ pod: pod.metadata.name, shell: restricted ? '101' : '0', pid1: '101' });
        for (const sidecar of pod.spec.containers.filter((k: any) => k.name !== 'postgres')) {
          const env = (sidecar.env ?? []).map((e: any) => e.name);
          // Only sidecars that ask for the superuser get it; the log forwarder never does.
          if (sidecar.name === 'log-forwarder') expect(env).not.toContain('POSTGRES_PASSWORD');
          expect((sidecar.volumeMounts ?? []).find((m: any) => m.name === 'pgdata')?.readOnly).toBe(true);
        }
      }
    }
  });

  test('each declared user logs in through <cluster>.<ns>.svc with its Secret and finds its databases, schemas and extensions', async () => {
    await ready();
    for (const c of clusters) {
      const logins = new Map<string, Login>();
      for (const s of c.construct.userSecrets) {
        const ns = s.namespace ?? c.ns;
        const user = await secretValue(target, ns, s.secretName, s.usernameKey);
        expect(user).toBe(s.username);
        const login: Login = { host: `${c.name}.${c.ns}.svc`, user, password: await secretValue(target, ns, s.secretName, s.passwordKey) };
        expect(await psql(target, c.ns, login, 'SELECT current_user;')).toBe(s.username);
        logins.set(s.username, login);
      }
      // Through the pooler Services (PgBouncer looks each user up with the pooler role's user_lookup()).
      const poolers = objects.filter(o => o.kind === 'Service' && o.metadata.namespace === c.ns
        && [`${c.name}-pooler`, `${c.name}-pooler-repl`].includes(o.metadata.name));
      for (const pooler of poolers) {
        // The application users: the superuser and the replication user are not meant to go through PgBouncer.
        for (const [user, login] of [...logins].filter(([u]) => !['postgres', 'standby'].includes(u))) {
          const out = await psql(target, c.ns, { ...login, host: `${pooler.metadata.name}.${c.ns}.svc` },
            'SELECT current_user, pg_is_in_recovery();');
          expect(out).toBe(`${user}|${pooler.metadata.name.endsWith('-repl') ? 't' : 'f'}`);
        }
      }
      fig.poolerLogins = Number(fig.poolerLogins ?? 0) + poolers.length * (logins.size - 2);
      for (const db of sqlIntent(objects, c.ns, c.name)) {
        const login = { ...(logins.get(db.owner) ?? await superuser(c)), database: db.name };
        const out = await psql(target, c.ns, login, [
          'SELECT current_database(), pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database();',
          "SELECT 'schema', nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') ORDER BY 2;",
          "SELECT 'extension', extname, extnamespace::regnamespace FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 2;",
        ].join('\n'));
        const rows = out.split('\n');
        expect(rows[0]).toBe(`${db.name}|${db.owner}`);
        for (const [schema, owner] of db.schemas) expect(rows).toContain(`schema|${schema}|${owner}`);
        for (const [ext, schema] of db.extensions) expect(rows).toContain(`extension|${ext}|${schema}`);
      }
    }
  }, 300_000);

  withReplicas('replicas serve reads through <cluster>-repl', async () => {
    await ready();
    const multi = clusters.filter(c => c.replicas > 1);
    for (const c of multi) {
      const su = await superuser(c);
      await psql(target, c.ns, su, 'CREATE TABLE IF NOT EXISTS cdk8s_test_reads(v text); INSERT INTO cdk8s_test_reads VALUES (\'seen\');');
      const replica = { ...su, host: `${c.name}-repl.${c.ns}.svc` };
      const got = await until(`${c.name}-repl returns the row`, 60_000, async () => {
        const out = await psql(target, c.ns, replica, "SELECT pg_is_in_recovery(), count(*) FROM cdk8s_test_reads WHERE v = 'seen';");
        return out === 't|1' ? out : undefined;
      });
      expect(got).toBe('t|1');
      const replicaIps = (await membersOf(c)).filter(p => p.metadata.labels['spilo-role'] === 'replica').map(p => p.status.podIP).sort();
      expect(await serviceAddresses(c.ns, `${c.name}-repl`)).toEqual(replicaIps);
      // A NodePort replica Service (production-ha's billing) answers on a node's address too, at its fixed port.
      const nodePort = objects.find(o => o.kind === 'Service' && o.metadata.namespace === c.ns && o.metadata.name === `${c.name}-repl`)?.spec.ports[0].nodePort;
      if (nodePort) {
        const node = (await list(target, '/api/v1/nodes'))[0];
        const address = node.status.addresses.find((a: any) => a.type === 'InternalIP').address;
        expect(await psql(target, c.ns, { ...replica, host: address, port: nodePort }, 'SELECT pg_is_in_recovery();')).toBe('t');
        fig.nodePortReads = [...(fig.nodePortReads as string[] ?? []), `${address}:${nodePort}`];
      }
    }
  }, 300_000);

  test('re-applied unchanged: nothing restarts, no Job runs again', async () => {
    await ready();
    const namespaces = namespacesOf(objects);
    const snapshot = async () => {
      const out: string[] = [];
      for (const ns of namespaces) {
        for (const p of await list(target, `/api/v1/namespaces/${ns}/pods`)) {
          if (p.metadata.name === CLIENT_POD) continue;
          const restarts = (p.status?.containerStatuses ?? []).map((c: any) => c.restartCount).join(',');
          out.push(`pod ${ns}/${p.metadata.name} ${p.metadata.uid} restarts=${restarts}`);
        }
        for (const j of await list(target, `/apis/batch/v1/namespaces/${ns}/jobs`)) out.push(`job ${ns}/${j.metadata.name} ${j.metadata.uid}`);
        for (const w of await list(target, `/apis/apps/v1/namespaces/${ns}/statefulsets`)) out.push(`sts ${ns}/${w.metadata.name} gen=${w.metadata.generation}`);
        for (const w of await list(target, `/apis/apps/v1/namespaces/${ns}/deployments`)) out.push(`deploy ${ns}/${w.metadata.name} gen=${w.metadata.generation}`);
      }
      return out.sort();
    };
    const before = await snapshot();
    const result = await applyObjects(objects);
    expect(result.failures).toEqual([]);
    await sleep(10_000); // long enough for a controller to start replacing pods or a Job to be created
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  withReplicas('kill the primary container: a replica takes over, the primary Service follows, writes resume', async () => {
    await ready();
    const results: Record<string, unknown> = {};
    // The largest cluster of the example (a failover waits out Patroni's leader TTL: the tier's time goes here).
    for (const c of [...clusters].sort((a, b) => b.replicas - a.replicas).slice(0, 1)) {
      const su = await superuser(c);
      const [old] = await primaryOf(c);
      await startWriter(target, c.ns, su, 'cdk8s_failover_writes');
      await sleep(2_000);
      const t0 = Date.now();
      // The container hangs first (stopped, as on a stalled node) so that its leader lock expires, then dies.
      const id = containerId(old, 'postgres');
      // SIGSTOP to every process of the container: it hangs as on a stalled node (the cgroup freezer, `ctr tasks
      // pause`, can time out on a busy machine).
      target.onNode(old.spec.nodeName, ['ctr', '-n', 'k8s.io', 'tasks', 'kill', '--all', '-s', 'SIGSTOP', id]);
      let promoted = 0;
      let followed = 0;
      let resumed = 0;
      try {
        step(`${c.ns}/${c.name}: stopped primary ${old.metadata.name}`);
        const next = await until(`${c.name}: a replica becomes primary`, 180_000, async () =>
          // The hung pod keeps its master label (its Patroni cannot change it): look for another one.
          (await primaryOf(c)).find(p => p.metadata.name !== old.metadata.name), () => podReport(target, [c.ns]));
        promoted = (Date.now() - t0) / 1000;
        step(`${c.ns}/${c.name}: ${next.metadata.name} promoted after ${promoted} s`);
        await until(`${c.name}: primary Service on ${next.metadata.name}`, 60_000, async () =>
          (await serviceAddresses(c.ns, c.name)).join() === next.status.podIP ? true : undefined);
        followed = (Date.now() - t0) / 1000;
        step(`${c.ns}/${c.name}: primary Service follows after ${followed} s`);
        await until(`${c.name}: writes resume`, 60_000, async () =>
          (await psql(target, c.ns, su, 'INSERT INTO cdk8s_failover_writes VALUES (clock_timestamp()) RETURNING 1;')) === '1' ? true : undefined);
        resumed = (Date.now() - t0) / 1000;
        step(`${c.ns}/${c.name}: writes resumed after ${resumed} s; killing ${old.metadata.name}`);
      } finally {
        // Also when a step above failed: a stopped process dies of SIGKILL.
        target.onNode(old.spec.nodeName, ['ctr', '-n', 'k8s.io', 'tasks', 'kill', '--all', '-s', 'SIGKILL', id]);
      }
      await until(`${c.name}: the old primary rejoins as a replica`, 240_000, async () => {
        const members = await membersOf(c);
        const oldNow = members.find(p => p.metadata.name === old.metadata.name);
        return members.filter(isReady).length === c.replicas && oldNow?.metadata.labels['spilo-role'] === 'replica'
          && (await primaryOf(c)).length === 1 ? true : undefined;
      }, () => podReport(target, [c.ns]));
      const { gap, rows } = await stopWriter(target, c.ns, su, 'cdk8s_failover_writes');
      expect(rows).toBeGreaterThan(10);
      results[`${c.ns}/${c.name}`] = { promotedSeconds: promoted, serviceFollowedSeconds: followed, writesResumedSeconds: resumed, writeGapSeconds: gap };
    }
    fig.failover = results;
  }, 900_000);

  test('drain a node holding a member: one member at a time, the drain completes', async () => {
    needBoot();
    // The largest cluster: with required anti-affinity its evicted member cannot move until the node is back.
    const c = [...clusters].sort((a, b) => b.replicas - a.replicas)[0];
    const primary = (await primaryOf(c)).find(isReady);
    const node = primary.spec.nodeName as string;
    await ready(node);
    const su = await superuser(c);
    await startWriter(target, c.ns, su, 'cdk8s_drain_writes');
    let maxUnavailable = 0;
    let draining = true;
    const watch = (async () => {
      while (draining) {
        for (const x of clusters) {
          const members = await membersOf(x);
          const unavailable = x.replicas - members.filter(isReady).length;
          maxUnavailable = Math.max(maxUnavailable, unavailable);
        }
        await sleep(300);
      }
    })();
    const t0 = Date.now();
    try {
      await target.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=600s'], { timeoutMs: 660_000 });
    } finally {
      draining = false;
      await watch;
    }
    const drainSeconds = (Date.now() - t0) / 1000;
    await target.kubectl(['uncordon', node]);
    for (const x of clusters) {
      await until(`${x.name}: every member ready after the drain`, 300_000, async () =>
        (await membersOf(x)).filter(isReady).length === x.replicas && (await primaryOf(x)).length === 1 ? true : undefined,
      () => podReport(target, [x.ns]));
    }
    const { gap } = await stopWriter(target, c.ns, su, 'cdk8s_drain_writes');
    fig.drain = { cluster: `${c.ns}/${c.name}`, node, drainSeconds, maxUnavailableMembers: maxUnavailable, writeGapSeconds: gap };
    expect(maxUnavailable).toBeLessThanOrEqual(1);
  }, 1_200_000);

  withReplicas('a rolling update of a local setting: members restart one at a time, one switchover wherever the primary is', async () => {
    await ready();
    const results: Record<string, unknown> = {};
    // The largest cluster; a StatefulSet's own RollingUpdate would roll from the highest ordinal down whatever the
    // roles, so both ends are tried: the primary at ordinal 0 and at the highest ordinal.
    const c = [...clusters].sort((a, b) => b.replicas - a.replicas)[0];
    for (const primaryOrdinal of [0, c.replicas - 1]) {
      await switchoverTo(c, `${c.name}-${primaryOrdinal}`);
      const su = await superuser(c);
      // Right after a switchover kube-proxy may still forward to the old primary for a moment (refused): ask again.
      const timeline0 = await until(`${c.name}: the primary Service answers after the switchover`, 60_000,
        async () => timeline(c).catch(() => undefined));
      const workMem = `${primaryOrdinal + 5}MB`;
      const built = build({ cluster: c.name, name: 'work_mem', value: workMem });
      const changed = await place({ client: target.client } as any, built.manifests, defaultNamespace);
      const newJobs = changed.filter(o => o.kind === 'Job' && !objects.some(p => p.kind === 'Job' && p.metadata.name === o.metadata.name));
      await startWriter(target, c.ns, su, 'cdk8s_rolling_writes');
      const t0 = Date.now();
      const result = await applyObjects(changed);
      expect(result.failures).toEqual([]);
      // The whole app as git now has it: the StatefulSet's new template and, where the cluster uses the rollout
      // Job, a new one named after it.
      const sts = changed.filter(o => o.kind === 'StatefulSet' && o.metadata.name === c.name && o.metadata.namespace === c.ns);
      await waitWorkloads(target, [...sts, ...newJobs], 900_000);
      await until(`${c.name}: every member on the new revision`, 300_000, async () => {
        const live = await target.client.get(sts[0]);
        const members = await membersOf(c);
        return members.length === c.replicas && members.every(p => isReady(p)
          && p.metadata.labels['controller-revision-hash'] === live.status.updateRevision) ? true : undefined;
      }, () => podReport(target, [c.ns]));
      const rollSeconds = (Date.now() - t0) / 1000;
      await until(`${c.name}: one ready primary after the roll`, 120_000, async () =>
        (await primaryOf(c)).filter(isReady).length === 1 ? true : undefined);
      const { gap } = await stopWriter(target, c.ns, su, 'cdk8s_rolling_writes');
      const switchovers = await timeline(c) - timeline0;
      step(`${c.ns}/${c.name}: rolled in ${rollSeconds} s with the primary at ordinal ${primaryOrdinal}: ${switchovers} switchover(s), write gap ${gap} s`);
      expect(await psql(target, c.ns, su, 'SHOW work_mem;')).toBe(workMem);
      results[`${c.ns}/${c.name} primary at ordinal ${primaryOrdinal}`] = { rollSeconds, switchovers, writeGapSeconds: gap, jobs: newJobs.map(j => j.metadata.name) };
      objects = changed;
      expect(switchovers).toBe(1);
    }
    fig.rollingUpdate = results;
  }, 3_600_000);

  /**
   * Moves the leader to `candidate` with Patroni's switchover (REST API, on the leader). In synchronous mode
   * Patroni accepts only a synchronous standby as candidate; then switchovers to Patroni's choice rotate the roles
   * until the candidate leads (a few at most).
   */
  async function switchoverTo(c: Cluster, candidate: string): Promise<void> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const leader = (await primaryOf(c)).find(isReady);
      if (!leader) throw new Error(`${c.name}: no ready primary`);
      if (leader.metadata.name === candidate) return;
      // From the leader's own container (the NetworkPolicy admits 8008 only from members and the library's Jobs), with
      // the REST API's credentials (patroniApiAuthentication) on curl's stdin, never on a command line.
      const password = await secretValue(target, c.ns, `${c.name}-patroni-api`, 'password').catch(() => undefined);
      const post = async (body: object) => (await target.kubectl(['exec', '-i', '-n', c.ns, leader.metadata.name, '-c', 'postgres', '--', 'curl', '-s',
        '-K', '-', '-w', ' HTTP %{http_code}', '-XPOST', 'http://localhost:8008/switchover', '-d', JSON.stringify(body)],
      { input: password ? `user = "patroni:${password}"\n` : '' })).trim();
      // Patroni refuses (412) while no replica qualifies, e.g. a synchronous standby not yet caught up after a restart.
      await until(`${c.name}: Patroni accepts a switchover away from ${leader.metadata.name}`, 120_000, async () => {
        for (const body of [{ leader: leader.metadata.name, candidate }, { leader: leader.metadata.name }]) {
          const answer = await post(body);
          if (answer.endsWith('HTTP 200')) return true;
          step(`${c.name}: switchover ${JSON.stringify(body)}: ${answer}`);
        }
        await sleep(3_000);
        return undefined;
      });
      await until(`${c.name}: a new primary after the switchover, every member ready`, 180_000, async () => {
        const [p, ...more] = (await primaryOf(c)).filter(isReady);
        return p && !more.length && p.metadata.name !== leader.metadata.name
          && (await membersOf(c)).filter(isReady).length === c.replicas
          && (await serviceAddresses(c.ns, c.name)).join() === p.status.podIP ? true : undefined;
      }, () => podReport(target, [c.ns]));
    }
    throw new Error(`${c.name}: ${candidate} did not become the leader after 6 switchovers`);
  }

  /** The primary's current timeline: every promotion (failover or switchover) adds one. */
  async function timeline(c: Cluster): Promise<number> {
    const out = await psql(target, c.ns, await superuser(c),
      "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int;");
    return Number(out);
  }
});

function containerId(pod: any, name: string): string {
  const status = (pod.status?.containerStatuses ?? []).find((s: any) => s.name === name);
  if (!status?.containerID) throw new Error(`pod ${pod.metadata.name} has no running container ${name}`);
  return String(status.containerID).replace(/^containerd:\/\//, '');
}

/**
 * One more local PostgreSQL parameter on a cluster, through the library's escape hatches: its value in the
 * `<c>-spilo-configuration` ConfigMap and the pod template's digest of it, as the prop would render them (so the
 * StatefulSet's template, and everything derived from it such as the rollout Job's name, sees the change).
 */
function withLocalParameter(cluster: PostgresCluster, name: string, value: string): void {
  const configMap = cluster.node.findAll().find((n): n is ApiObject => n instanceof ApiObject && n.kind === 'ConfigMap'
    && n.name === `${cluster.clusterName}-spilo-configuration`);
  if (!configMap) throw new Error(`${cluster.clusterName}: no spilo-configuration ConfigMap`);
  const config = JSON.parse(configMap.toJson().data.SPILO_CONFIGURATION);
  config.postgresql = { ...config.postgresql, parameters: { ...config.postgresql?.parameters, [name]: value } };
  configMap.addJsonPatch(JsonPatch.replace('/data/SPILO_CONFIGURATION', JSON.stringify(config, null, 2)));
  cluster.statefulSet.addJsonPatch(JsonPatch.replace(
    `/spec/template/metadata/annotations/${LOCAL_CONFIGURATION_ANNOTATION.replace(/\//g, '~1')}`, localConfigurationDigest(config)));
}
