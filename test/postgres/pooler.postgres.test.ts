/*
 * The connection pooler's part of the sync script against real PostgreSQL 13-18: the pooler role
 * and its password, schema `pooler` and the SECURITY DEFINER function pooler.user_lookup(text) in
 * postgres and every database of the model; pgbouncer's auth_query works as the pooler role and
 * only as it; a function the operator installed is taken over once; a second run writes nothing.
 */
import { changes, envOf, literal, model, passwords, runSync, snapshot, SPILO_ROLES } from './fixtures';
import { PG_MAJORS, PgServer, PsqlResult } from './server';

const m = model({
  cluster: 'acid-pooler',
  namespace: 'apps',
  users: { app_user: [], other_user: [] },
  databases: { app: 'app_user', Mixed_Case: 'other_user' },
  preparedDatabases: { shop: {} },
  pooler: { user: 'pooler', schema: 'pooler' },
});
const pw = passwords(m);
const env = envOf(m, pw);
const databases = ['postgres', 'shop', 'app', 'Mixed_Case'];

/** What the operator runs in a database (pkg/cluster/database.go connectionPoolerLookup), for the takeover case. */
const OPERATOR_LOOKUP = `CREATE SCHEMA IF NOT EXISTS pooler;
CREATE OR REPLACE FUNCTION pooler.user_lookup(in i_username text, out uname text, out phash text)
RETURNS record AS $$
BEGIN
  SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = i_username INTO uname, phash;
  RETURN;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER;
REVOKE ALL ON FUNCTION pooler.user_lookup(text) FROM public, pooler;
GRANT EXECUTE ON FUNCTION pooler.user_lookup(text) TO pooler;
GRANT USAGE ON SCHEMA pooler TO pooler;`;

/** The lookup function with everything that matters about it, and its row version. */
function lookupFunction(pg: PgServer, db: string) {
  return pg.query(`SELECT p.proname, pg_get_userbyid(p.proowner) AS owner, p.prosecdef, p.proconfig, l.lanname,
      pg_get_function_result(p.oid) AS result, p.proacl::text, n.nspacl::text, p.xmin::text AS xmin
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    WHERE n.nspname = 'pooler'`, db);
}

describe.each(PG_MAJORS)('PostgreSQL %i', major => {
  let pg: PgServer;
  let first: PsqlResult;
  let second: PsqlResult;
  let before: Record<string, unknown>;
  let functionsBefore: unknown[];

  beforeAll(async () => {
    pg = await PgServer.start(major);
    pg.exec(SPILO_ROLES);
    // A cluster the operator managed before: role, schema and its version of the function in postgres.
    pg.exec('CREATE ROLE pooler LOGIN');
    pg.exec(OPERATOR_LOOKUP);
    first = runSync(pg, m, env);
    before = snapshot(pg, databases);
    functionsBefore = databases.map(db => lookupFunction(pg, db));
    second = runSync(pg, m, env);
  });
  afterAll(() => pg?.stop());

  test('both runs succeed; the first takes over the operator\'s function and installs the others, the second changes nothing', () => {
    expect(first).toMatchObject({ status: 0, stdout: 'cdk8s-postgres: sync complete\n' });
    const notes = changes(first);
    expect(notes).toContain('replaced function pooler.user_lookup(text) in database postgres');
    expect(notes).not.toContain('created schema pooler in database postgres');
    for (const db of ['shop', 'app', '"Mixed_Case"']) {
      expect(notes).toEqual(expect.arrayContaining([
        `created schema pooler in database ${db}`,
        `created function pooler.user_lookup(text) in database ${db}`,
        `revoked execute on pooler.user_lookup(text) from public in database ${db}`,
        `granted execute on pooler.user_lookup(text) to pooler in database ${db}`,
        `granted usage on schema pooler to pooler in database ${db}`,
      ]));
    }
    expect(notes).toContain('set the password of role pooler');
    expect(second).toEqual({ status: 0, stdout: 'cdk8s-postgres: sync complete\n', stderr: '' });
  });

  test('the second run writes nothing to the catalog (roles, schemas, functions: rows and xmin unchanged)', () => {
    expect(snapshot(pg, databases)).toEqual(before);
    expect(databases.map(db => lookupFunction(pg, db))).toEqual(functionsBefore);
  });

  test('every database has the function: SECURITY DEFINER, owned by the superuser, search_path pinned, EXECUTE for pooler only', () => {
    for (const db of databases) {
      const rows = lookupFunction(pg, db);
      expect([db, rows]).toEqual([db, [{
        proname: 'user_lookup',
        owner: 'postgres',
        prosecdef: true,
        proconfig: ['search_path=pg_catalog'],
        lanname: 'plpgsql',
        result: 'record',
        proacl: '{postgres=X/postgres,pooler=X/postgres}',
        nspacl: '{postgres=UC/postgres,pooler=U/postgres}',
        xmin: expect.any(String),
      }]]);
    }
  });

  test('the pooler role logs in and looks up a LOGIN role\'s verifier, as pgbouncer\'s auth_query does', () => {
    const verifier = pg.query<{ v: string }>(`SELECT rolpassword AS v FROM pg_authid WHERE rolname = ${literal('app_user')}`)[0].v;
    expect(verifier).toMatch(/^SCRAM-SHA-256\$/);
    for (const db of databases) {
      const r = pg.login('pooler', pw.pooler, db, "SELECT uname || ' ' || phash FROM pooler.user_lookup('app_user')");
      expect([db, r.status, r.stdout]).toEqual([db, 0, `app_user ${verifier}`]);
    }
    const unknown = pg.login('pooler', pw.pooler, 'postgres', "SELECT uname IS NULL AND phash IS NULL FROM pooler.user_lookup('nobody')");
    expect(unknown).toMatchObject({ status: 0, stdout: 't' });
  });

  test('a search_path the caller controls cannot redirect the function', () => {
    const r = pg.login('pooler', pw.pooler, 'postgres',
      "SET search_path = pooler, public; SELECT uname FROM pooler.user_lookup('other_user')");
    expect(r).toMatchObject({ status: 0, stdout: 'other_user' });
  });

  test('no other role may call it', () => {
    for (const db of ['postgres', 'app']) {
      const r = pg.login('app_user', pw.app_user, db, "SELECT * FROM pooler.user_lookup('postgres')");
      expect([db, r.status, r.stderr]).toEqual([db, 1, expect.stringContaining('permission denied')]);
    }
  });

  test('the pooler role is a plain LOGIN role', () => {
    expect(pg.query("SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'pooler'"))
      .toEqual([{ rolcanlogin: true, rolsuper: false, rolcreatedb: false, rolcreaterole: false }]);
  });
});
