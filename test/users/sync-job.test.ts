// The sync Job of ClusterUsers: its name (a hash of its input), the ConfigMap with the SQL, the env that carries the
// passwords from Secrets, its security context and its place after the database in the sync waves.
import { posix } from 'path';
import { buildUsers, CLUSTER, container, env, NAMESPACE, restrictedViolations, secretName } from './cluster-fixtures';
import { UserFlag } from '../../src';
import { SHARED_SCRIPTS_DIR } from '../../src/private/shared-scripts';
import { SYNC_LIBRARY_FILE } from '../../src/users/sync-library';
import { INCLUDE_SYNC_LIBRARY, SYNC_SCRIPT_DIR } from '../../src/users/sync-sql';

const USERS = { 'app_owner': [UserFlag.CREATEDB], 'app_user': [], 'reporting.analyst': [], 'readers': [UserFlag.NOLOGIN] };

describe('the sync Job', () => {
  const built = buildUsers({ users: USERS, databases: { app: 'app_owner' } });
  const job = built.syncJob;

  test('is named <cluster>-sync-<6 hex>, like its ConfigMap, which holds the generated SQL', () => {
    expect(job.metadata.name).toMatch(new RegExp(`^${CLUSTER}-sync-[0-9a-f]{6}$`));
    expect(built.syncConfigMap.metadata.name).toBe(job.metadata.name);
    expect(Object.keys(built.syncConfigMap.data)).toEqual(['sync.sql']);
    expect(built.syncConfigMap.data['sync.sql']).toContain("SELECT pg_temp.cdk8s_role('app_owner', ARRAY['CREATEDB', 'LOGIN']::text[]);");
    expect(job.metadata.namespace).toBe(NAMESPACE);
  });

  test('mounts its ConfigMap and the shared scripts read-only, side by side, and runs psql on its script', () => {
    const shared = built.of('ConfigMap').find(c => c.metadata.name.startsWith('cdk8s-postgres-scripts-'));
    expect(job.spec.template.spec.volumes).toEqual([
      { name: 'sql', configMap: { name: job.metadata.name } },
      { name: 'scripts', configMap: { name: shared.metadata.name } },
    ]);
    expect(container(job).volumeMounts).toEqual([
      { name: 'sql', mountPath: '/etc/cdk8s-postgres/sync', readOnly: true },
      { name: 'scripts', mountPath: '/etc/cdk8s-postgres/shared', readOnly: true },
    ]);
    expect(container(job).command[2]).toContain('exec psql -X -v ON_ERROR_STOP=1 -f /etc/cdk8s-postgres/sync/sync.sql');
    expect(shared.metadata.namespace).toBe(NAMESPACE);
  });

  test('the script\'s include, resolved from where it is mounted, is the library\'s mounted path', () => {
    const relative = INCLUDE_SYNC_LIBRARY.replace(/^\\ir /, '');
    expect(posix.normalize(posix.join(SYNC_SCRIPT_DIR, relative))).toBe(`${SHARED_SCRIPTS_DIR}/${SYNC_LIBRARY_FILE}`);
    expect(built.syncConfigMap.data['sync.sql'].split('\n')).toContain(INCLUDE_SYNC_LIBRARY);
  });

  test('holds only the cluster\'s input: a few KB, not the helpers', () => {
    expect(Buffer.byteLength(built.syncConfigMap.data['sync.sql'])).toBeLessThan(4 * 1024);
    expect(built.syncConfigMap.data['sync.sql']).not.toContain('CREATE FUNCTION');
  });

  test('connects to the primary Service as postgres over TLS, the password from the postgres Secret', () => {
    const plain = Object.fromEntries((container(job).env as any[]).filter(e => e.value !== undefined).map(e => [e.name, e.value]));
    expect(plain).toMatchObject({ PGHOST: CLUSTER, PGPORT: '5432', PGUSER: 'postgres', PGDATABASE: 'postgres', PGSSLMODE: 'require' });
    expect(env(job, 'PGPASSWORD').valueFrom).toEqual({ secretKeyRef: { name: secretName('postgres'), key: 'password' } });
  });

  test('one PGPASSWORD_<ROLE> per LOGIN role, from its Secret (a cross-namespace user\'s copy in the cluster namespace)', () => {
    const passwords = (container(job).env as any[]).filter(e => e.name.startsWith('PGPASSWORD_'));
    expect(passwords).toEqual([
      { name: 'PGPASSWORD_APP_OWNER', valueFrom: { secretKeyRef: { name: secretName('app_owner'), key: 'password' } } },
      { name: 'PGPASSWORD_APP_USER', valueFrom: { secretKeyRef: { name: secretName('app_user'), key: 'password' } } },
      { name: 'PGPASSWORD_REPORTING_ANALYST', valueFrom: { secretKeyRef: { name: secretName('reporting.analyst'), key: 'password' } } },
    ]);
    // secretKeyRefs only reach the Job's own namespace: the credentials Job keeps that copy there.
    const creds = JSON.parse(env(built.credentialsJob, 'CREDENTIALS_SECRETS').value);
    expect(creds.find((s: any) => s.username === 'reporting.analyst').copies).toEqual([NAMESPACE]);
  });

  test('no env var named *PASSWORD* carries a literal value', () => {
    for (const e of container(job).env as any[]) {
      if (/PASSWORD/.test(e.name)) expect(e.value).toBeUndefined();
    }
  });

  test('is restricted-PodSecurity compliant, without a service-account token and without a TTL', () => {
    const pod = job.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('runs in Argo CD sync wave 1, after the database (wave 0) and the credentials (-1)', () => {
    expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(built.syncConfigMap.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(built.credentialsJob.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    // The shared scripts come before the first Job that mounts them.
    const shared = built.of('ConfigMap').find(c => c.metadata.name.startsWith('cdk8s-postgres-scripts-'));
    expect(shared.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    const statefulSet = built.of('StatefulSet')[0];
    expect(statefulSet.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBeUndefined();
  });
});

describe('the sync Job name', () => {
  const name = (props = {}) => buildUsers({ users: { app: [] }, databases: { app: 'app' }, ...props }).syncJob.metadata.name;

  test('is stable for unchanged input, and annotations (Job metadata only) do not change it', () => {
    expect(name()).toBe(name());
    expect(name({ annotations: { 'example.com/owner': 'team-a' } })).toBe(name());
  });

  test.each([
    ['a user is added', { users: { app: [], other: [] } }],
    ['a flag changes', { users: { app: [UserFlag.CREATEDB] } }],
    ['a database is added', { databases: { app: 'app', other: 'app' } }],
    ['the image changes', { image: 'ghcr.io/zalando/spilo-17:4.0-p3' }],
    // The pod template of a Job is immutable: a label change under the same name would be rejected on apply.
    ['the pod labels change', { labels: { tier: 'database' } }],
  ])('changes when %s', (_what, props) => {
    expect(name(props)).not.toBe(name());
  });

  test('stays within 63 characters for the longest cluster name (51)', () => {
    const long = `a${'b'.repeat(50)}`;
    const built = buildUsers({ name: long, users: { app: [] } });
    expect(built.syncJob.metadata.name).toMatch(new RegExp(`^${long}-sync-[0-9a-f]{6}$`));
    expect(built.syncJob.metadata.name).toHaveLength(63);
    expect(built.syncConfigMap.metadata.name).toBe(built.syncJob.metadata.name);
  });
});

describe('when is there a sync Job', () => {
  test.each([
    ['no users and no databases', {}, false],
    ['a NOLOGIN role only', { users: { readers: [UserFlag.NOLOGIN] } }, true],
    ['a database owned by a user', { users: { app: [] }, databases: { app: 'app' } }, true],
    ['a prepared database', { preparedDatabases: { shop: {} } }, true],
  ])('%s: %p', (_what, props, expected) => {
    expect(buildUsers(props).syncJob !== undefined).toBe(expected);
  });
});
