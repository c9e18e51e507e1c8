/*
 * The sync script meeting an existing database: what it refuses before changing anything (missing
 * admin role, missing or unusable password env vars), what it converges (NOx flags, NOLOGIN,
 * owners, extension schemas, md5 verifiers, changed passwords) and what it leaves alone (flags it
 * was not told about, roles it does not know).
 */
import { changes, envOf, model, password, roleRow, runSync, snapshot, SPILO_ROLES } from './fixtures';
import { PG_MAJORS, PgServer } from './server';
import { UserFlag } from '../../src/users/user-flag';

const m = model({
  cluster: 'acid-edge',
  users: { legacy: [UserFlag.CREATEDB], stripped: [UserFlag.NOSUPERUSER], grp: [UserFlag.NOLOGIN], fresh: [], kept: [] },
  databases: { legacydb: 'legacy' },
  // The operator's `preparedDatabases: {}`: one database named after the cluster (acid_edge).
  preparedDatabases: {},
});

describe.each(PG_MAJORS)('PostgreSQL %i', major => {
  let pg: PgServer;
  const pw = { legacy: password(), stripped: password(), fresh: password(), kept: 'kept-by-postgres' };
  const env = envOf(m, pw);
  const roleCount = () => pg.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%'")[0].n;

  beforeAll(async () => {
    pg = await PgServer.start(major);
  });
  afterAll(() => pg?.stop());

  test('without Spilo\'s admin role it fails before changing anything', () => {
    const n = roleCount();
    const r = runSync(pg, m, env);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("role admin does not exist; Spilo's post_init creates it");
    expect(roleCount()).toBe(n);
  });

  test('a missing, empty or non-ASCII password env var fails before changing anything, naming the variable', () => {
    pg.exec(SPILO_ROLES);
    const n = roleCount();
    const { PGPASSWORD_FRESH: _, ...missing } = env;
    expect(runSync(pg, m, missing)).toMatchObject({ status: 3, stderr: expect.stringContaining('environment variable PGPASSWORD_FRESH (the password of role fresh) is not set') });
    expect(runSync(pg, m, { ...env, PGPASSWORD_FRESH: '' }).stderr).toContain('PGPASSWORD_FRESH (the password of role fresh) is empty');
    expect(runSync(pg, m, { ...env, PGPASSWORD_FRESH: 'pässwörd' }).stderr).toContain('must hold printable ASCII only');
    expect(runSync(pg, m, { ...env, PGPASSWORD_FRESH: 'two\nlines' }).stderr).toContain('must hold printable ASCII only');
    expect(roleCount()).toBe(n);
  });

  test('existing roles converge on what is declared and keep what is not', () => {
    // An md5 verifier, a flag the props do not mention (CREATEROLE), flags the props negate.
    pg.exec(`SET password_encryption = 'md5'; CREATE ROLE legacy LOGIN CREATEROLE PASSWORD 'old-secret';
      CREATE ROLE stripped LOGIN SUPERUSER; CREATE ROLE grp LOGIN; CREATE ROLE unknown_role LOGIN`);
    // A verifier PostgreSQL made itself (16+: with a non-default iteration count) must verify as is.
    pg.exec(`SET password_encryption = 'scram-sha-256'; ${major >= 16 ? 'SET scram_iterations = 5000;' : ''}
      CREATE ROLE kept LOGIN PASSWORD 'kept-by-postgres'`);
    const keptVerifier = pg.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'kept'");
    pg.exec('CREATE DATABASE legacydb OWNER postgres');
    pg.exec('CREATE DATABASE acid_edge OWNER postgres');
    pg.exec('CREATE SCHEMA data AUTHORIZATION postgres; CREATE EXTENSION pg_trgm SCHEMA public', 'acid_edge');
    const r = runSync(pg, m, env);
    expect(r.status).toBe(0);
    expect(changes(r)).toEqual(expect.arrayContaining([
      'altered role legacy CREATEDB', 'altered role stripped NOSUPERUSER', 'altered role grp NOLOGIN', 'created role fresh LOGIN',
      'set the password of role legacy', 'changed the owner of database legacydb to legacy',
      'changed the owner of database acid_edge to acid_edge_owner', 'changed the owner of schema data to acid_edge_data_owner',
    ]));
    expect(changes(r).filter(c => c.includes('kept'))).toEqual(['granted kept to admin with admin option']);
    expect(pg.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'kept'")).toEqual(keptVerifier);
    expect(roleRow(pg, 'legacy')).toMatchObject({ rolcreatedb: true, rolcreaterole: true, rolcanlogin: true });
    expect(roleRow(pg, 'stripped')).toMatchObject({ rolsuper: false, rolcanlogin: true });
    expect(roleRow(pg, 'grp')).toMatchObject({ rolcanlogin: false });
    expect(roleRow(pg, 'unknown_role')).toMatchObject({ rolcanlogin: true });
    expect(pg.query("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = 'legacy'")).toEqual([{ scram: true }]);
    expect(pg.login('legacy', pw.legacy, 'legacydb').status).toBe(0);
    expect(pg.login('legacy', 'old-secret', 'legacydb').status).toBe(2);
  });

  test('the default prepared database is named after the cluster', () => {
    expect(pg.query("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'acid_edge'")).toEqual([{ owner: 'acid_edge_owner' }]);
    expect(pg.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'data'", 'acid_edge'))
      .toEqual([{ owner: 'acid_edge_data_owner' }]);
  });

  test('a changed password is set once and then left alone', () => {
    const next = { ...pw, fresh: password() };
    const before = snapshot(pg, ['acid_edge']);
    const r = runSync(pg, m, envOf(m, next));
    expect(changes(r)).toEqual(['set the password of role fresh']);
    expect(pg.login('fresh', next.fresh, 'postgres').status).toBe(0);
    expect(pg.login('fresh', pw.fresh, 'postgres').status).toBe(2);
    const after = snapshot(pg, ['acid_edge']) as any;
    expect({ ...after, roles: undefined }).toEqual({ ...(before as any), roles: undefined });
    expect(runSync(pg, m, envOf(m, next))).toMatchObject({ status: 0, stderr: '' });
    pw.fresh = next.fresh;
  });

  test('an extension in another schema is moved there', () => {
    const moved = model({
      cluster: 'acid-edge',
      users: { legacy: [UserFlag.CREATEDB], stripped: [UserFlag.NOSUPERUSER], grp: [UserFlag.NOLOGIN], fresh: [], kept: [] },
      databases: { legacydb: 'legacy' },
      preparedDatabases: { acid_edge: { extensions: { pg_trgm: 'data' } } },
    });
    const r = runSync(pg, moved, envOf(moved, pw));
    expect(changes(r)).toEqual(['moved extension pg_trgm to schema data']);
    expect(pg.query("SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'", 'acid_edge'))
      .toEqual([{ schema: 'data' }]);
  });

  test('on a replica it stops before changing anything, saying why', () => {
    pg.restartAsStandby();
    const r = runSync(pg, m, envOf(m, pw));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('this server is a replica (in recovery); run the sync against the primary');
    expect(changes(r)).toEqual([]);
  });
});
