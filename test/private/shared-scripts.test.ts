// The shared scripts ConfigMap: one byte-identical, content-named copy per chart and namespace, mounted by every
// cluster's Jobs there; the Jobs' names follow its content, and each cluster's own sync ConfigMap stays small.
import { createHash } from 'crypto';
import { App, Chart, Testing } from 'cdk8s';
import { Credentials, PostgresCluster, PostgresClusterProps } from '../../src';
import { DYNAMIC_CONFIGURATION_SCRIPT } from '../../src/private/dynamic-configuration-script';
import { ROLLOUT_SCRIPT } from '../../src/private/rollout-script';
import {
  contentName, SHARED_SCRIPT_FILES, SHARED_SCRIPTS_DIR, SHARED_SCRIPTS_LABELS, SHARED_SCRIPTS_SYNC_WAVE,
} from '../../src/private/shared-scripts';
import { CREDENTIALS_SCRIPT } from '../../src/users/credentials-script';
import { SYNC_LIBRARY } from '../../src/users/sync-library';
import { synth } from '../util';

const PREFIX = 'cdk8s-postgres-scripts-';
const isShared = (o: any) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(PREFIX);
const jobs = (objects: any[]) => objects.filter(o => o.kind === 'Job');
const volumeNames = (job: any): string[] => job.spec.template.spec.volumes.map((v: any) => v.configMap.name);
const USERS: Partial<PostgresClusterProps> = { users: { app_owner: [], app_user: [] }, databases: { app: 'app_owner' } };

/** A chart in `namespace` with one cluster per name, each with users and a database (so the credentials and sync Jobs). */
function chartWith(app: App, id: string, namespace: string | undefined, clusters: Array<[string, Partial<PostgresClusterProps>?]>): Chart {
  const chart = new Chart(app, id, namespace === undefined ? {} : { namespace });
  for (const [name, props] of clusters) new PostgresCluster(chart, name, { teamId: 'acid', ...USERS, ...props });
  return chart;
}

describe('the shared scripts ConfigMap', () => {
  test('one per chart and namespace, however many clusters; every Job there mounts it', () => {
    // GIVEN three clusters in one chart; WHEN synthesized
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a'], ['acid-b'], ['acid-c']]));

    // THEN (a credentials, a sync and a dynamic configuration Job per cluster)
    const shared = objects.filter(isShared);
    expect(shared).toHaveLength(1);
    expect(shared[0].metadata.namespace).toBe('db');
    expect(jobs(objects).map(j => j.metadata.name.replace(/-[0-9a-f]+$/, '')).sort()).toEqual([
      'acid-a-creds', 'acid-a-dcs', 'acid-a-sync', 'acid-b-creds', 'acid-b-dcs', 'acid-b-sync', 'acid-c-creds', 'acid-c-dcs', 'acid-c-sync',
    ]);
    for (const job of jobs(objects)) expect(volumeNames(job)).toContain(shared[0].metadata.name);
  });

  test('its name is the prefix and 10 hex of the sha256 of its data, which is the fixed set of files', () => {
    const [shared] = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a']])).filter(isShared);
    const digest = createHash('sha256').update(JSON.stringify(shared.data)).digest('hex');
    expect(shared.metadata.name).toBe(`${PREFIX}${digest.slice(0, 10)}`);
    expect(shared.data).toEqual(SHARED_SCRIPT_FILES);
    expect(Object.keys(shared.data).sort()).toEqual(['credentials.py', 'dynamic-configuration.py', 'rollout.py', 'sync-library.sql']);
    expect(shared.data['sync-library.sql']).toBe(SYNC_LIBRARY);
    expect(shared.data['credentials.py']).toBe(CREDENTIALS_SCRIPT);
    expect(shared.data['dynamic-configuration.py']).toBe(DYNAMIC_CONFIGURATION_SCRIPT);
    expect(shared.data['rollout.py']).toBe(ROLLOUT_SCRIPT);
  });

  test('is valid for the API server: a DNS-subdomain name, ConfigMap keys, absolute mount path, immutable', () => {
    const [shared] = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a']])).filter(isShared);
    expect(shared.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(shared.metadata.name.length).toBeLessThanOrEqual(63);
    for (const key of Object.keys(shared.data)) expect(key).toMatch(/^[-._a-zA-Z0-9]{1,253}$/);
    expect(SHARED_SCRIPTS_DIR).toMatch(/^\/[^:]+$/);
    expect(shared.immutable).toBe(true);
  });

  test('carries fixed library labels and an Argo CD wave before the credentials Job (-1); nothing of a cluster', () => {
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a', { labels: { tier: 'db' }, annotations: { 'example.com/owner': 'a' } }]]));
    const [shared] = objects.filter(isShared);
    expect(shared.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'cdk8s-postgres', 'app.kubernetes.io/component': 'scripts' });
    expect(shared.metadata.labels).toEqual(SHARED_SCRIPTS_LABELS);
    expect(shared.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': SHARED_SCRIPTS_SYNC_WAVE });
    const credentialsWave = Number(jobs(objects).find(j => j.metadata.name.includes('-creds-')).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(Number(SHARED_SCRIPTS_SYNC_WAVE)).toBeLessThan(credentialsWave);
  });

  test('two namespaces in one chart: a copy in each, each namespace\'s Jobs mount their own', () => {
    // GIVEN clusters in the chart's namespace and in another one (the namespace prop)
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a'], ['acid-b', { namespace: 'other' }], ['acid-c', { namespace: 'other' }]]));

    // THEN
    const shared = objects.filter(isShared);
    expect(shared.map(s => s.metadata.namespace).sort()).toEqual(['db', 'other']);
    expect(JSON.stringify({ ...shared[0], metadata: { ...shared[0].metadata, namespace: '' } }))
      .toBe(JSON.stringify({ ...shared[1], metadata: { ...shared[1].metadata, namespace: '' } }));
    for (const job of jobs(objects)) expect(volumeNames(job)).toContain(shared[0].metadata.name);
  });

  test('two charts in one namespace: one copy for the app, in the first chart; the other chart\'s Jobs mount it', () => {
    // GIVEN two charts of one app, different clusters and labels, same namespace
    const app = Testing.app();
    const a = Testing.synth(chartWith(app, 'team-a', 'db', [['acid-a', { labels: { tier: 'a' } }]]));
    const b = Testing.synth(chartWith(app, 'team-b', 'db', [['acid-b', { labels: { tier: 'b' } }], ['acid-c']]));

    // THEN kustomize (and so Flux) sees each object once, and every Job of both charts names that copy
    expect(a.filter(isShared)).toHaveLength(1);
    expect(b.filter(isShared)).toEqual([]);
    const name = a.find(isShared).metadata.name;
    for (const job of jobs([...a, ...b])) expect(job.spec.template.spec.volumes).toContainEqual({ name: 'scripts', configMap: { name } });
  });

  test('charts without a namespace: a copy in each (each may be applied to a namespace of its own)', () => {
    const app = Testing.app();
    const one = synth(chartWith(app, 'one', undefined, [['acid-a'], ['acid-b']])).filter(isShared);
    const two = synth(chartWith(app, 'two', undefined, [['acid-c']])).filter(isShared);
    expect(one).toHaveLength(1);
    expect(one[0].metadata.namespace).toBeUndefined();
    expect(two).toEqual(one);
  });

  test('without users, databases or generated credentials the dynamic configuration Job alone mounts it', () => {
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a', {
      users: {}, databases: {}, credentials: Credentials.fromExternalSecretsGenerator(), patroniApiAuthentication: false,
    }]]));
    const [shared] = objects.filter(isShared);
    expect(jobs(objects).map(j => j.metadata.name)).toEqual([expect.stringMatching(/^acid-a-dcs-[0-9a-f]{6}$/)]);
    expect(volumeNames(jobs(objects)[0])).toContain(shared.metadata.name);
  });

  test('only when a Job needs it: none without Jobs (no instances, external credentials, no users or databases)', () => {
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a', {
      instances: 0, users: {}, databases: {}, credentials: Credentials.fromExternalSecretsGenerator(), patroniApiAuthentication: false,
    }]]));
    expect(jobs(objects)).toEqual([]);
    expect(objects.filter(isShared)).toEqual([]);
  });
});

describe('the name follows the content', () => {
  test('any change to a file, a new file or a new key changes the name; the key order does not', () => {
    const name = contentName('x', SHARED_SCRIPT_FILES);
    expect(contentName('x', { ...SHARED_SCRIPT_FILES, 'credentials.py': `${CREDENTIALS_SCRIPT}\n` })).not.toBe(name);
    expect(contentName('x', { ...SHARED_SCRIPT_FILES, 'extra.sh': '' })).not.toBe(name);
    const { ['credentials.py']: creds, ...rest } = SHARED_SCRIPT_FILES;
    expect(contentName('x', { 'credentials2.py': creds, ...rest })).not.toBe(name);
    expect(contentName('x', { ...rest, 'credentials.py': creds })).toBe(name);
    expect(name).toMatch(/^x-[0-9a-f]{10}$/);
  });

  test('the Jobs\' names change when a shared script changes, and not otherwise', () => {
    // GIVEN the library with a changed credentials program (a fresh module registry, so the name is computed anew)
    const jobNames = (changed: boolean): string[] => {
      let names: string[] = [];
      jest.isolateModules(() => {
        if (changed) {
          jest.doMock('../../src/users/credentials-script', () => {
            const actual = jest.requireActual('../../src/users/credentials-script');
            return { ...actual, CREDENTIALS_SCRIPT: `${actual.CREDENTIALS_SCRIPT}# changed\n` };
          });
        }
        // A fresh registry needs require(): an import would bind the modules loaded before.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const cdk8s = require('cdk8s');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('../../src');
        const chart = new cdk8s.Chart(cdk8s.Testing.app(), 'fleet', { namespace: 'db' });
        new lib.PostgresCluster(chart, 'acid-a', { teamId: 'acid', ...USERS });
        const objects = cdk8s.Testing.synth(chart);
        names = [...jobs(objects), ...objects.filter(isShared)].map((o: any) => o.metadata.name);
      });
      jest.dontMock('../../src/users/credentials-script');
      return names;
    };

    // WHEN / THEN the three Jobs (credentials, sync, dynamic configuration) and the ConfigMap get new names; the same
    // library gives the same names
    const [before, again, after] = [jobNames(false), jobNames(false), jobNames(true)];
    expect(again).toEqual(before);
    expect(before.map(n => n.replace(/-[0-9a-f]+$/, '')).sort()).toEqual(['acid-a-creds', 'acid-a-dcs', 'acid-a-sync', 'cdk8s-postgres-scripts']);
    for (let i = 0; i < before.length; i++) expect(after[i]).not.toBe(before[i]);
  });
});

describe('the per-cluster sync ConfigMap', () => {
  test('holds only the cluster\'s input: under 4 KB for a typical cluster, the helpers only in the shared copy', () => {
    const objects = synth(chartWith(Testing.app(), 'fleet', 'db', [['acid-a', {
      users: { app_owner: [], app_user: [], reporting: [], readers: [] }, databases: { app: 'app_owner', reports: 'reporting' },
    }]]));
    const sync = objects.find(o => o.kind === 'ConfigMap' && /^acid-a-sync-/.test(o.metadata.name));
    expect(Buffer.byteLength(sync.data['sync.sql'])).toBeLessThan(4 * 1024);
    expect(sync.data['sync.sql']).not.toContain('CREATE FUNCTION');
    const [shared] = objects.filter(isShared);
    expect(Buffer.byteLength(shared.data['sync-library.sql'])).toBeGreaterThan(4 * Buffer.byteLength(sync.data['sync.sql']));
  });
});
