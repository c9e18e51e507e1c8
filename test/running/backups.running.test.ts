// Running-cluster tier, backups: a cluster archiving with WAL-G settings from the library to an S3-compatible store
// in the cluster, and everything restored from it on live data: a point-in-time clone, a clone by basebackup, a
// standby that replays the archive and then streams, retention, the logical backup Job's dump, log shipping, and
// an outage of the store. Clusters are built here with the public API (the clone's target time is only known
// while the test runs); the store stands in for MinIO at the address the backups-and-logs example uses.
import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { gunzipSync } from 'zlib';
import { Chart, Testing } from 'cdk8s';
import { isReady, pods, sleep, step, until, waitWorkloads } from './live';
import { cronLine, runAsCron } from './member-cron';
import { getObject, listObjects, objectTags, setStoreClock, setStoreReachable, startStore, STORE_ENDPOINT, StoreKeys } from './object-store';
import { planImages, provisionVolumes, tagImages } from './prepare';
import { CLIENT_POD, Login, psql, secretValue, startClient } from './psql';
import { userProvidedStandIns } from './stand-ins';
import { connectRunning, RunningTarget } from './target';
import { podSpecOf } from './workloads';
import { EXAMPLES } from '../../examples/registry';
import { Backup, BackupStorage, CloneSource, LogShipping, PostgresClient, PostgresCluster, StandbySource, StorageCredentials, WalCompression } from '../../src';
import { EXPORTER_QUERIES, METRIC_PREFIX } from '../../src/monitoring/exporter-queries';
import { Manifest } from '../apiserver/client';
import { Target } from '../apiserver/target';
import { applyAll, place } from '../apiserver/tier';
import { externalReferences } from '../util';

const NS = 'backups';
const DR_NS = 'backups-dr';
const SOURCE = 'archive-db';
const UID = '5f0c8a3e-1d2b-4c6d-9e8f-a1b2c3d4e5f6';
const KEYS_SECRET = 'tier-s3';
const BUCKETS = { wal: 'tier-wal', logs: 'tier-logs', dumps: 'tier-dumps', ledger: 'ledger-wal' };
/** Where the operator would archive this cluster: spilo/<prefix><cluster><uid suffix>/wal/<major>/. */
const WAL_PREFIX = `spilo/${SOURCE}/${UID}/wal/18/`;
const keys: StoreKeys = { accessKeyId: `tier${randomBytes(4).toString('hex')}`, secretAccessKey: randomBytes(18).toString('hex') };
const figures: Record<string, unknown> = {};

const storage = (bucket: string) => BackupStorage.s3({
  bucket, region: 'us-east-1', endpoint: STORE_ENDPOINT, credentials: StorageCredentials.awsAccessKeys({ secretName: KEYS_SECRET }),
});

let target: RunningTarget;
/** Namespaces emptied once at first use (later clusters join the ones already there). */
const freshNamespaces = new Set<string>();
const applyObjects = (objs: Manifest[]) => applyAll({ client: target.client, namespaces: target.namespaces } as unknown as Target, undefined, objs);

beforeAll(async () => { target = await connectRunning(); }, 300_000);
beforeEach(() => step(`${expect.getState().currentTestName}`));
afterAll(async () => {
  mkdirSync('test-reports', { recursive: true });
  writeFileSync(`test-reports/running-figures-${process.env.CDK8S_PG_RUNNING_SHARD ?? 'backups'}.json`, JSON.stringify(figures, null, 2));
  console.log(`running tier backup figures:\n${JSON.stringify(figures, null, 2)}`);
  if (process.env.CDK8S_PG_KEEP_NAMESPACES !== '1') {
    for (const ns of [NS, DR_NS, 'payments', 'storage']) await target.client.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  target?.release();
}, 300_000);

/** Synthesizes one cluster with the library and applies it; resolves when its pods are Ready and its Jobs complete. */
async function deploy(ns: string, props: Record<string, unknown>, name: string,
  before?: () => Promise<void>): Promise<{ seconds: number }> {
  const app = Testing.app();
  const chart = new Chart(app, `${ns}-${name}`, { namespace: ns });
  new PostgresCluster(chart, name, { teamId: 'backups', ...props } as any);
  const objects = chart.toJson() as Manifest[];
  if (!freshNamespaces.has(ns)) await target.namespaces.fresh(ns);
  freshNamespaces.add(ns);
  await target.client.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: KEYS_SECRET, namespace: ns },
    stringData: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
  } as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
  tagImages(target, planImages(objects));
  await provisionVolumes(target, objects);
  if (before) await before();
  const start = Date.now();
  const result = await applyObjects(objects);
  expect(result.failures).toEqual([]);
  await waitWorkloads(target, objects, 600_000);
  const sts = objects.find(o => o.kind === 'StatefulSet')!;
  spiloImage = podSpecOf(sts).containers[0].image;
  return { seconds: (Date.now() - start) / 1000 };
}

const primaryPod = async (ns: string, cluster: string) => until(`primary of ${cluster}`, 120_000, async () =>
  (await pods(target, ns, { 'cluster-name': cluster, 'spilo-role': 'master' })).find(isReady)?.metadata.name as string | undefined);

const loginOf = async (ns: string, cluster: string, user = 'postgres'): Promise<Login> => ({
  host: `${cluster}.${ns}.svc`,
  user,
  password: await secretValue(target, ns, `${user}.${cluster}.credentials.postgresql.acid.zalan.do`, 'password'),
});

/** Waits until the primary Service of a login's cluster takes connections on a primary. */
const acceptsWrites = (ns: string, login: Login) => until(`${login.host} accepts writes`, 180_000, async () =>
  await psql(target, ns, login, 'SELECT pg_is_in_recovery();') === 'f' ? true : undefined);

/** A command run as Spilo's cron runs it (member-cron.ts); a base backup may take minutes on a loaded machine. */
const asPostgres = (ns: string, pod: string, command: string) => runAsCron(target, ns, pod, command, 300_000);
const cronCommand = async (ns: string, pod: string, script: string) => (await cronLine(target, ns, pod, script)).command;

const sentinels = async () => (await listObjects(target, NS, keys, BUCKETS.wal, `${WAL_PREFIX}basebackups_005/`))
  .filter(o => o.key.endsWith('_backup_stop_sentinel.json'))
  .map(o => o.key.slice(`${WAL_PREFIX}basebackups_005/`.length).replace('_backup_stop_sentinel.json', ''));
const walSegments = async () => (await listObjects(target, NS, keys, BUCKETS.wal, `${WAL_PREFIX}wal_005/`))
  .map(o => o.key.slice(`${WAL_PREFIX}wal_005/`.length));

/** Forces a WAL switch and waits until the archiver reports that segment archived; returns the segment and seconds. */
async function switchAndArchive(login: Login, ns = NS): Promise<{ segment: string; seconds: number }> {
  const segment = await psql(target, ns, login, 'SELECT pg_walfile_name(pg_current_wal_lsn()); SELECT pg_switch_wal();')
    .then(o => o.split('\n')[0]);
  const start = Date.now();
  await until(`segment ${segment} archived`, 120_000, async () => {
    const last = await psql(target, ns, login, 'SELECT coalesce(last_archived_wal, \'\') FROM pg_stat_archiver;');
    return last >= segment ? true : undefined;
  });
  return { segment, seconds: (Date.now() - start) / 1000 };
}

let source: Login;
let spiloImage = '';
let firstAt = '';

describe('backups on the running cluster', () => {
  test('a cluster archives WAL and takes its base backup under the operator\'s prefix', async () => {
    await startStore(target, Object.values(BUCKETS), keys);
    // A schedule that fires once, about three minutes from now (and again only an hour later, after the suite).
    const due = new Date(Date.now() + 210_000);
    const { seconds } = await deploy(NS, {
      instances: 2,
      clusterUid: UID,
      backup: Backup.walG(storage(BUCKETS.wal), { schedule: `${due.getUTCMinutes()} * * * *`, backupsToRetain: 2, compression: WalCompression.ZSTD }),
      logShipping: LogShipping.toS3({
        bucket: BUCKETS.logs,
        region: 'us-east-1',
        endpoint: STORE_ENDPOINT,
        hourly: true,
        credentials: StorageCredentials.awsAccessKeys({ secretName: KEYS_SECRET }),
        tags: { team: 'backups' },
      }),
      logicalBackup: { storage: storage(BUCKETS.dumps), schedule: '30 1 * * *' },
      // The clusters that stream from it (pg_basebackup, standby) are its clients under its NetworkPolicy.
      networkPolicies: {
        clients: [PostgresClient.fromLabels({ 'cluster-name': 'copy-db' }), PostgresClient.fromLabels({ 'cluster-name': 'dr-db' }, DR_NS)],
      },
    }, SOURCE);
    figures.sourceReadySeconds = seconds;
    await startClient(target, NS, spiloImage);
    source = await loginOf(NS, SOURCE);
    // Spilo's start-up backup: taken once the member is primary.
    const backupStart = Date.now();
    await until('first base backup in the store', 300_000, async () => (await sentinels()).length > 0 ? true : undefined);
    figures.firstBackupSecondsAfterReady = (Date.now() - backupStart) / 1000;
    const archived = await switchAndArchive(source);
    figures.archiveLagSeconds = archived.seconds;
    const segments = await walSegments();
    expect(segments).toContain(`${archived.segment}.zst`);
    const [backup] = await sentinels();
    expect(backup).toMatch(/^base_[0-9A-F]{24}$/);
    const parts = await listObjects(target, NS, keys, BUCKETS.wal, `${WAL_PREFIX}basebackups_005/${backup}/tar_partitions/`);
    expect(parts.map(p => p.key.split('/').pop())).toEqual(['part_1.tar.zst']);
    // The scheduled backup: the postgres crontab's line fires on the primary at its minute.
    const minute = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    await until(`a second base backup from the schedule (due at ${minute} UTC)`, 420_000, async () => (await sentinels()).length > 1 ? true : undefined);
    figures.scheduledBackupSecondsAfterDue = (Date.now() - new Date(due).setUTCSeconds(0, 0)) / 1000;
    const primary = await primaryPod(NS, SOURCE);
    const log = await target.kubectl(['logs', '-n', NS, primary, '-c', 'postgres']);
    expect(log).toMatch(new RegExp(`cron: due at ${minute}: running envdir "/run/etc/wal-e\\.d/env" /scripts/postgres_backup\\.sh`));
    // Nothing outside the operator's prefix.
    const all = await listObjects(target, NS, keys, BUCKETS.wal, '');
    expect(all.filter(o => !o.key.startsWith(WAL_PREFIX))).toEqual([]);
  }, 900_000);

  test('a point-in-time clone has the row written before its target time and not the one after', async () => {
    await psql(target, NS, source, 'CREATE TABLE pitr(v text, at timestamptz DEFAULT clock_timestamp()); INSERT INTO pitr(v) VALUES (\'first\');');
    firstAt = await psql(target, NS, source, 'SELECT to_char(clock_timestamp() AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\');');
    await sleep(1500);
    await psql(target, NS, source, 'INSERT INTO pitr(v) VALUES (\'second\');');
    await switchAndArchive(source);
    const { seconds } = await deploy(NS, {
      clone: CloneSource.fromWalArchive({ cluster: SOURCE, uid: UID, timestamp: firstAt, storage: storage(BUCKETS.wal) }),
      backup: Backup.disabled(),
    }, 'pitr-db');
    const clone = await loginOf(NS, 'pitr-db');
    await acceptsWrites(NS, clone);
    figures.pitrCloneReadySeconds = seconds;
    expect(clone.password).not.toBe(source.password);
    expect(await psql(target, NS, clone, 'SELECT string_agg(v, \',\' ORDER BY at) FROM pitr; SELECT pg_is_in_recovery();')).toBe('first\nf');
    // Recovery ended at the target and promoted: the clone writes on a timeline of its own after the source's.
    const timeline = (login: Login) => psql(target, NS, login, 'SELECT pg_walfile_name(pg_current_wal_lsn());').then(w => parseInt(w.slice(0, 8), 16));
    expect(await timeline(clone)).toBeGreaterThan(await timeline(source));
    // An independent primary: it takes writes, the source does not see them.
    await psql(target, NS, clone, 'INSERT INTO pitr(v) VALUES (\'clone-only\');');
    expect(await psql(target, NS, source, 'SELECT count(*) FROM pitr WHERE v = \'clone-only\';')).toBe('0');
    // Its own credentials only: the source's superuser password does not log in.
    await expect(psql(target, NS, { ...clone, password: source.password }, 'SELECT 1;')).rejects.toThrow(/password authentication failed/);
  }, 900_000);

  test('a clone by basebackup from the running cluster has every row and is its own primary', async () => {
    const { seconds } = await deploy(NS, { clone: CloneSource.fromCluster({ cluster: SOURCE }), backup: Backup.disabled() }, 'copy-db');
    const copy = await loginOf(NS, 'copy-db');
    await acceptsWrites(NS, copy);
    figures.basebackupCloneReadySeconds = seconds;
    expect(await psql(target, NS, copy, 'SELECT string_agg(v, \',\' ORDER BY at) FROM pitr; SELECT pg_is_in_recovery();')).toBe('first,second\nf');
    await psql(target, NS, copy, 'INSERT INTO pitr(v) VALUES (\'copy-only\');');
    expect(await psql(target, NS, source, 'SELECT count(*) FROM pitr WHERE v = \'copy-only\';')).toBe('0');
  }, 900_000);

  test('a standby replays the archive, streams from the primary, follows git to the archive only, and is promoted by removing standby in git', async () => {
    const sourceSecret = (user: string) => secretValue(target, NS, `${user}.${SOURCE}.credentials.postgresql.acid.zalan.do`, 'password');
    const { seconds } = await deploy(DR_NS, {
      backup: Backup.disabled(),
      standby: StandbySource.fromWalArchive({ cluster: SOURCE, uid: UID, storage: storage(BUCKETS.wal), primary: { host: `${SOURCE}.${NS}.svc` } }),
    }, 'dr-db', async () => {
      // The runbook: a standby has the source's roles and passwords (its data directory is the source's), and
      // streams as the source's replication user: its superuser and replication Secrets hold the source's passwords.
      for (const user of ['postgres', 'standby']) {
        await target.client.apply({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${user}.dr-db.credentials.postgresql.acid.zalan.do`, namespace: DR_NS },
          stringData: { username: user, password: await sourceSecret(user) },
        } as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
      }
    });
    figures.standbyReadySeconds = seconds;
    await startClient(target, DR_NS, spiloImage);
    const dr = await loginOf(DR_NS, 'dr-db');
    // Ready is Patroni's view (Postgres up, in the DCS); replay of the archive may still be catching up.
    const replayStart = Date.now();
    const replayed = 'SELECT string_agg(v, \',\' ORDER BY at) FROM pitr WHERE v IN (\'first\', \'second\'); SELECT pg_is_in_recovery();';
    await until('the source\'s rows on the standby', 180_000, async () =>
      await psql(target, DR_NS, dr, replayed).catch(() => '') === 'first,second\nt' ? true : undefined);
    figures.standbyCatchUpSeconds = (Date.now() - replayStart) / 1000;
    await psql(target, NS, source, 'INSERT INTO pitr(v) VALUES (\'streamed\');');
    const start = Date.now();
    await until('the primary\'s write on the standby', 120_000, async () =>
      await psql(target, DR_NS, dr, 'SELECT count(*) FROM pitr WHERE v = \'streamed\';') === '1' ? true : undefined);
    figures.standbyApplySeconds = (Date.now() - start) / 1000;
    const leader = await primaryPod(DR_NS, 'dr-db');
    expect(await psql(target, DR_NS, dr, 'SELECT status FROM pg_stat_wal_receiver;')).toBe('streaming');
    // The source's primary removed in git: the dynamic configuration Job drops standby_cluster.host/port, the standby
    // keeps replaying the archive (a row written after this arrives through a WAL switch and the archive only).
    await deploy(DR_NS, {
      backup: Backup.disabled(),
      standby: StandbySource.fromWalArchive({ cluster: SOURCE, uid: UID, storage: storage(BUCKETS.wal) }),
    }, 'dr-db');
    const archiveOnly = JSON.parse(await target.kubectl(['exec', '-n', DR_NS, 'dr-db-0', '-c', 'postgres', '--', 'curl', '-fsS', 'http://localhost:8008/config']));
    expect(archiveOnly.standby_cluster.host).toBeUndefined();
    expect(archiveOnly.standby_cluster.restore_command).toBeDefined();
    await until('the standby no longer streams', 120_000, async () =>
      await psql(target, DR_NS, dr, 'SELECT count(*) FROM pg_stat_wal_receiver;').catch(() => '') === '0' ? true : undefined);
    await psql(target, NS, source, 'INSERT INTO pitr(v) VALUES (\'archived\');');
    await switchAndArchive(source);
    await until('the archived row on the standby', 180_000, async () =>
      await psql(target, DR_NS, dr, 'SELECT count(*) FROM pitr WHERE v = \'archived\';').catch(() => '') === '1' ? true : undefined);
    // Promotion from git: the same cluster without `standby`. Its pod template loses the STANDBY_* env (the
    // member restarts), and the dynamic configuration Job removes standby_cluster from Patroni's configuration.
    expect(leader).toBe('dr-db-0');
    const promotedIn = await deploy(DR_NS, { backup: Backup.disabled() }, 'dr-db');
    figures.standbyPromotedFromGitSeconds = promotedIn.seconds;
    await until('standby promoted', 120_000, async () =>
      await psql(target, DR_NS, dr, 'SELECT pg_is_in_recovery();') === 'f' ? true : undefined);
    const config = JSON.parse(await target.kubectl(['exec', '-n', DR_NS, 'dr-db-0', '-c', 'postgres', '--', 'curl', '-fsS', 'http://localhost:8008/config']));
    expect(config.standby_cluster).toBeUndefined();
    await psql(target, DR_NS, dr, 'INSERT INTO pitr(v) VALUES (\'dr-write\');');
    expect(await psql(target, DR_NS, dr, 'SELECT count(*) FROM pitr WHERE v IN (\'first\', \'second\', \'streamed\', \'archived\', \'dr-write\');')).toBe('5');
  }, 900_000);

  test('retention deletes the base backups (and their WAL) older than configured, keeping the configured number', async () => {
    const pod = await primaryPod(NS, SOURCE);
    const backup = await cronCommand(NS, pod, 'postgres_backup.sh');
    const before = await sentinels();
    const taken: string[] = [];
    const run = async (offsetDays: number) => {
      await setStoreClock(target, NS, offsetDays * 86400);
      const start = Date.now();
      await asPostgres(NS, pod, backup);
      figures.baseBackupSeconds = (Date.now() - start) / 1000;
      const now = await sentinels();
      const added = now.filter(n => !before.includes(n) && !taken.includes(n));
      expect(added).toHaveLength(1);
      taken.push(added[0]);
      await psql(target, NS, source, 'INSERT INTO pitr(v) VALUES (\'between-backups\'); SELECT pg_switch_wal();');
    };
    try {
      await run(-5); await run(-4); await run(-3);
    } finally {
      await setStoreClock(target, NS, 0);
    }
    await run(0);
    await run(0);
    // backupsToRetain: 2 → Spilo keeps two days and at least two backups: once two younger ones exist, everything
    // before the newest backup older than two days (c) goes; the younger ones stay.
    const [a, b, c] = taken;
    const remaining = await sentinels();
    expect(remaining).not.toContain(a);
    expect(remaining).not.toContain(b);
    expect(remaining).toEqual(expect.arrayContaining([c, ...before, ...taken.slice(3)]));
    // WAL before c's first segment is gone too. (The fresh backups started earlier in WAL but carry later store
    // times because the clock was moved; on a real timeline backups and their WAL age together.)
    const oldest = c.slice('base_'.length);
    const segments = (await walSegments()).map(s => s.split('.')[0]).filter(s => s.length === 24);
    expect(segments.filter(s => s.slice(8) < oldest.slice(8))).toEqual([]);
    expect(segments.length).toBeGreaterThan(0);
  }, 900_000);

  test('the logical backup CronJob\'s dump restores into an empty server with the same rows', async () => {
    const job = `logical-backup-manual-${Date.now().toString(36)}`;
    await target.kubectl(['create', 'job', '-n', NS, job, `--from=cronjob/logical-backup-${SOURCE}`]);
    const start = Date.now();
    await until(`job ${job} complete`, 300_000, async () => {
      const j = await target.client.get({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: job, namespace: NS } });
      if ((j?.status?.conditions ?? []).some((c: any) => c.type === 'Failed' && c.status === 'True')) throw new Error(`job ${job} failed`);
      return (j?.status?.conditions ?? []).some((c: any) => c.type === 'Complete' && c.status === 'True') ? true : undefined;
    });
    figures.logicalBackupSeconds = (Date.now() - start) / 1000;
    const dumps = await listObjects(target, NS, keys, BUCKETS.dumps, `spilo/${SOURCE}/${UID}/logical_backups/`);
    expect(dumps.length).toBe(1);
    expect(dumps[0].key).toMatch(/\/logical_backups\/\d{10}\.sql\.gz$/);
    const expected = await psql(target, NS, source, 'SELECT string_agg(v, \',\' ORDER BY at) FROM pitr;');
    const dump = await getObject(target, NS, keys, BUCKETS.dumps, dumps[0].key);
    // An empty server in the client pod (the same PostgreSQL binaries), restored with psql from the gzip'd dump.
    const restored = await target.kubectl(['exec', '-i', '-n', NS, CLIENT_POD, '--', 'bash', '-c', [
      'set -e; d=$(mktemp -d); bin=/usr/lib/postgresql/18/bin',
      '$bin/initdb -D $d/data -U postgres --auth=trust >/dev/null',
      '$bin/pg_ctl -D $d/data -o "-p 5499 -k $d -c listen_addresses=" -w start >/dev/null',
      'base64 -d | gunzip | psql -X -q -h $d -p 5499 -U postgres -d postgres >/dev/null 2>&1 || true',
      'psql -X -tA -h $d -p 5499 -U postgres -d postgres -c "SELECT string_agg(v, \',\' ORDER BY at) FROM pitr"',
      '$bin/pg_ctl -D $d/data -m immediate stop >/dev/null; rm -rf $d',
    ].join('\n')], { input: dump.toString('base64'), timeoutMs: 300_000 });
    expect(restored.trim()).toBe(expected);
  }, 900_000);

  test('log shipping uploads the previous hour\'s csv log to the configured bucket and key with its tags', async () => {
    const pod = await primaryPod(NS, SOURCE);
    const marker = `log-marker-${randomBytes(4).toString('hex')}`;
    await psql(target, NS, source, `DO $$BEGIN RAISE LOG '${marker}'; END$$;`);
    const upload = await cronCommand(NS, pod, 'upload_pg_log_to_s3.py');
    // PostgreSQL rotates hourly (log_filename postgresql-%u-%H); the hour is made to have passed by giving this
    // hour's file the previous hour's name, then the crontab's own command runs.
    const names = await asPostgres(NS, pod, 'cd /home/postgres/pgdata/pgroot/pg_log && '
      + 'cp postgresql-$(date +%u-%H).csv postgresql-$(date -d "1 hour ago" +%u-%H).csv && date -d "1 hour ago" +%Y-%m-%d-%H');
    await asPostgres(NS, pod, upload);
    const key = `spilo/${SOURCE}/${UID}/log/${pod}/${names.trim()}.csv.gz`;
    const found = await listObjects(target, NS, keys, BUCKETS.logs, `spilo/${SOURCE}/${UID}/log/`);
    expect(found.map(o => o.key)).toContain(key);
    expect(gunzipSync(await getObject(target, NS, keys, BUCKETS.logs, key)).toString()).toContain(marker);
    expect(await objectTags(target, NS, keys, BUCKETS.logs, key)).toEqual({ team: 'backups' });
  }, 300_000);

  test('an unreachable store makes archiving fail visibly (the archiver metrics our alert reads) and it catches up without losing WAL', async () => {
    const query = EXPORTER_QUERIES.find(q => q.name === `${METRIC_PREFIX}_archiver`)!.query;
    const metrics = async () => {
      const [archived, failed, , failing, ready] = (await psql(target, NS, source, `${query};`)).split('|').map(Number);
      return { archived, failed, failing, ready };
    };
    const baseline = await metrics();
    await setStoreReachable(target, false);
    let lost = '';
    try {
      await psql(target, NS, source, 'INSERT INTO pitr(v) VALUES (\'during-outage\');');
      lost = await psql(target, NS, source, 'SELECT pg_walfile_name(pg_current_wal_lsn()); SELECT pg_switch_wal();').then(o => o.split('\n')[0]);
      // PostgresWalArchivingFailing: failing == 1 and ready_segments > 0.
      const during = await until('archiving failures visible', 180_000, async () => {
        const m = await metrics();
        return m.failing === 1 && m.ready > 0 && m.failed > baseline.failed ? m : undefined;
      });
      figures.outage = during;
    } finally {
      await setStoreReachable(target, true);
    }
    const start = Date.now();
    await until('archive caught up', 300_000, async () => {
      const m = await metrics();
      return m.ready === 0 && m.failing === 0 ? true : undefined;
    });
    figures.catchUpSeconds = (Date.now() - start) / 1000;
    expect((await walSegments()).map(s => s.split('.')[0])).toContain(lost);
  }, 600_000);
  test('the backups-and-logs example, applied as written: its MinIO cluster archives to the store under the operator\'s prefix', async () => {
    const example = EXAMPLES.find(e => e.name === 'backups-and-logs')!;
    const app = Testing.app();
    const charts = example.build(app);
    const objects = await place({ client: target.client } as any, charts.flatMap(ch => ch.toJson() as Manifest[]), 'payments');
    const constructs = charts.flatMap(ch => ch.node.findAll()).filter((n): n is PostgresCluster => n instanceof PostgresCluster);
    for (const ns of [...new Set(objects.map(o => o.metadata.namespace).filter((n): n is string => !!n))]) await target.namespaces.fresh(ns);
    // The team's Secret with the store's keys (the example names it; its values come from the store).
    await target.client.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ledger-minio', namespace: 'payments' },
      stringData: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
    } as Manifest, { fieldManager: 'cdk8s-postgres-test-tier' });
    const created = new Set(constructs.flatMap(c => c.userSecrets.map(u => `${u.namespace ?? 'payments'}/${u.secretName}`)));
    await userProvidedStandIns(target, objects, externalReferences(app).map(r => ({ ...r, namespace: r.namespace ?? 'payments' })), created);
    tagImages(target, planImages(objects));
    await provisionVolumes(target, objects);
    expect((await applyObjects(objects)).failures).toEqual([]);
    await waitWorkloads(target, objects, 600_000);
    await startClient(target, 'payments', spiloImage);
    const ledger = await loginOf('payments', 'ledger-db');
    const prefix = 'spilo/ledger-db/wal/18/';
    await until('ledger-db\'s base backup in ledger-wal', 300_000, async () =>
      (await listObjects(target, 'payments', keys, BUCKETS.ledger, `${prefix}basebackups_005/`)).some(o => o.key.endsWith('_backup_stop_sentinel.json')) ? true : undefined);
    const { segment } = await switchAndArchive(ledger, 'payments');
    const wal = await listObjects(target, 'payments', keys, BUCKETS.ledger, `${prefix}wal_005/`);
    expect(wal.map(o => o.key.slice(`${prefix}wal_005/`.length))).toContain(`${segment}.lz4`);
    expect((await listObjects(target, 'payments', keys, BUCKETS.ledger, '')).filter(o => !o.key.startsWith(prefix))).toEqual([]);
  }, 900_000);
});
