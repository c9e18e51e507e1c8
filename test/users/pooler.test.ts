import { Credentials } from '../../src';
import { buildDatabaseModel, DatabaseModelInput } from '../../src/users/database-model';
import { USER_LOOKUP_BODY } from '../../src/users/sql-pooler';
import { SYNC_LIBRARY } from '../../src/users/sync-library';
import { INCLUDE_SYNC_LIBRARY, sqlLiteral, syncSql } from '../../src/users/sync-sql';
import { build as buildCluster } from '../cluster/fixtures';
import { buildPooler, POOLER_SECRET } from '../pooler/fixtures';
import { byKind } from '../util';

const build = (input: Partial<DatabaseModelInput>) =>
  buildDatabaseModel({ cluster: 'acid-test', namespace: 'apps', superuser: 'postgres', replicationUser: 'standby', ...input });
const withPooler = build({
  users: { app: [] },
  databases: { app: 'app', Mixed_Case: 'app' },
  preparedDatabases: { shop: {} },
  pooler: { user: 'pooler', schema: 'pooler' },
});

describe('the pooler in the database model', () => {
  test('a LOGIN role declared last, with the operator\'s Secret name and a password env var', () => {
    expect(withPooler.roles.at(-1)).toMatchObject({ name: 'pooler', origin: 'pooler', prop: 'connectionPooler.user', attributes: ['LOGIN'], login: true });
    expect(withPooler.credentials.at(-1)).toEqual({
      role: 'pooler', name: 'pooler.acid-test.credentials.postgresql.acid.zalan.do', namespace: 'apps', origin: 'pooler', passwordEnv: 'PGPASSWORD_POOLER',
    });
    expect(withPooler.memberships.filter(m => m.role === 'pooler' || m.member === 'pooler')).toEqual([]);
  });

  test('the lookup function goes to postgres first, then every database (prepared first, as the model orders them)', () => {
    expect(withPooler.pooler).toEqual({ role: 'pooler', schema: 'pooler', databases: ['postgres', 'shop', 'app', 'Mixed_Case'] });
  });

  test('a custom user and schema; _ in the user becomes - in the Secret', () => {
    const m = build({ pooler: { user: 'pgb_auth', schema: 'pgb' } });
    expect(m.credentials.map(c => c.name)).toContain('pgb-auth.acid-test.credentials.postgresql.acid.zalan.do');
    expect(m.pooler).toEqual({ role: 'pgb_auth', schema: 'pgb', databases: ['postgres'] });
  });

  test('no pooler, no pooler role and no pooler key', () => {
    const m = build({ users: { app: [] } });
    expect(m.roles.map(r => r.name)).toEqual(['app']);
    expect('pooler' in m).toBe(false);
  });
});

describe('the pooler in the sync script', () => {
  const script = syncSql(withPooler);
  const lines = script.split('\n');

  test('creates the role and loads its password before the first change, like any LOGIN role', () => {
    expect(lines).toContain("SELECT pg_temp.cdk8s_role('pooler', ARRAY['LOGIN']::text[]);");
    expect(lines.indexOf('\\getenv cdk8s_password PGPASSWORD_POOLER')).toBeLessThan(lines.indexOf('-- roles'));
    expect(lines).toContain("SELECT pg_temp.cdk8s_password('pooler');");
  });

  test('connects to postgres and every database after the databases exist, and installs the lookup there', () => {
    const sections = lines.filter(l => l.startsWith('-- connection pooler lookup in database '));
    expect(sections).toEqual(['postgres', 'shop', 'app', 'Mixed_Case'].map(db => `-- connection pooler lookup in database ${db}`));
    expect(lines.indexOf(sections[0])).toBeGreaterThan(lines.indexOf('-- prepared database shop'));
    for (const db of ['postgres', 'shop', 'app', 'Mixed_Case']) {
      const at = lines.indexOf(`-- connection pooler lookup in database ${db}`);
      expect(lines[at + 1]).toBe(`\\connect "${db}"`);
      // A new session: the helpers (pg_temp) are defined again before the call.
      expect(lines[at + 2]).toBe(INCLUDE_SYNC_LIBRARY);
    }
    const calls = lines.filter(l => l.startsWith('SELECT pg_temp.cdk8s_pooler_lookup('));
    expect(calls).toEqual(Array(4).fill(`SELECT pg_temp.cdk8s_pooler_lookup(${sqlLiteral('pooler')}, ${sqlLiteral('pooler')});`));
    expect(lines.at(-2)).toBe('\\echo cdk8s-postgres: sync complete');
  });

  test('the function (in the shared library) is the operator\'s: SECURITY DEFINER over pg_shadow, EXECUTE for the pooler only, USAGE on the schema', () => {
    expect(USER_LOOKUP_BODY).toContain('SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = i_username INTO uname, phash;');
    expect(SYNC_LIBRARY).toContain(USER_LOOKUP_BODY);
    expect(SYNC_LIBRARY).toContain('user_lookup(i_username text, OUT uname text, OUT phash text) RETURNS record');
    expect(SYNC_LIBRARY).toContain('LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog');
    expect(SYNC_LIBRARY).toContain("'REVOKE ALL ON FUNCTION %s FROM PUBLIC'");
    expect(SYNC_LIBRARY).toContain("'GRANT EXECUTE ON FUNCTION %s TO %I'");
    expect(SYNC_LIBRARY).toContain("'GRANT USAGE ON SCHEMA %I TO %I'");
  });

  test('without a pooler nothing of it', () => {
    const plain = syncSql(build({ users: { app: [] } }));
    expect(plain).not.toMatch(/pooler|REVOKE/);
  });
});

describe('the pooler through the cluster\'s credentials and sync Jobs', () => {
  const env = (job: any) => job.spec.template.spec.containers[0].env;

  test('the credentials Job creates the pooler Secret; the sync Job reads its password', () => {
    // GIVEN / WHEN
    const { objects } = buildPooler();

    // THEN
    const [creds, sync] = [byKind(objects, 'Job').find(j => j.metadata.name.includes('-creds-')), byKind(objects, 'Job').find(j => j.metadata.name.includes('-sync-'))];
    const specs = JSON.parse(env(creds).find((e: any) => e.name === 'CREDENTIALS_SECRETS').value);
    expect(specs.map((s: any) => [s.name, s.username])).toContainEqual([POOLER_SECRET, 'pooler']);
    expect(env(sync)).toContainEqual({ name: 'PGPASSWORD_POOLER', valueFrom: { secretKeyRef: { name: POOLER_SECRET, key: 'password' } } });
    const sql = byKind(objects, 'ConfigMap').find(c => c.metadata.name === sync.metadata.name).data['sync.sql'];
    expect(sql).toContain("SELECT pg_temp.cdk8s_pooler_lookup('pooler', 'pooler');");
  });

  test('the sync Job runs again when the pooler is added (its name carries a hash of the SQL)', () => {
    // GIVEN / WHEN
    const name = (o: any[]) => byKind(o, 'Job').find(j => j.metadata.name.includes('-sync-'))?.metadata.name;
    const before = buildCluster({ connectionPooler: { master: false }, users: { app: [] } });
    const after = buildPooler({}, { users: { app: [] } });

    // THEN
    expect(name(after.objects)).toBeDefined();
    expect(name(after.objects)).not.toBe(name(before.objects));
  });

  test('cluster.userSecret() knows the pooler\'s Secret', () => {
    // GIVEN / WHEN
    const { cluster } = buildPooler({ user: 'bouncer' });

    // THEN
    expect(cluster.userSecret('bouncer')).toMatchObject({ username: 'bouncer', secretName: 'bouncer.acid-test.credentials.postgresql.acid.zalan.do' });
  });

  test('External Secrets credentials: an ExternalSecret for the pooler', () => {
    // GIVEN / WHEN
    const { objects } = buildPooler({}, { credentials: Credentials.fromExternalSecretsGenerator() });

    // THEN
    expect(byKind(objects, 'ExternalSecret').map(e => e.metadata.name)).toContain(POOLER_SECRET);
    expect(byKind(objects, 'Job').filter(j => j.metadata.name.includes('-creds-'))).toEqual([]);
  });
});
