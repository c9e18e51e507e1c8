/*
 * The generated sync script against real PostgreSQL 13-18: a first run creates what the operator
 * would, read back from the catalog and exercised by logging in; a second run writes nothing; no
 * password reaches the server log although the server logs every statement.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { changes, envOf, literal, model, passwords, roleRow, roleRows, runSync, snapshot, SPILO_ROLES } from './fixtures';
import { PG_MAJORS, PgServer, PsqlResult } from './server';
import { syncSql } from '../../src/users/sync-sql';
import { UserFlag } from '../../src/users/user-flag';

const m = model({
  cluster: 'acid-sync',
  namespace: 'apps',
  users: {
    'zalando': [UserFlag.SUPERUSER, UserFlag.CREATEDB],
    'foo_user': [],
    'app-reader': [UserFlag.NOINHERIT],
    'other-ns.app': [],
    'flags_user': [UserFlag.CREATEROLE, UserFlag.REPLICATION, UserFlag.BYPASSRLS],
    'group_only': [UserFlag.NOLOGIN],
  },
  databases: { foo: 'zalando', Mixed_Case: 'foo_user' },
  preparedDatabases: {
    bar: {
      defaultUsers: true,
      schemas: { data: {}, history: { defaultUsers: true }, plain: { defaultRoles: false } },
      extensions: { pg_trgm: 'data', hstore: 'public', citext: 'history' },
    },
    Shop: { schemas: { Orders: {} } },
  },
});
const pw = passwords(m);
const env = envOf(m, pw);
const allDatabases = ['bar', 'Shop', 'foo', 'Mixed_Case'];

describe.each(PG_MAJORS)('PostgreSQL %i', major => {
  let pg: PgServer;
  let first: PsqlResult;
  let second: PsqlResult;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    pg = await PgServer.start(major);
    pg.exec(SPILO_ROLES);
    first = runSync(pg, m, env);
    before = snapshot(pg, allDatabases);
    second = runSync(pg, m, env);
  });
  afterAll(() => pg?.stop());

  test('both runs succeed; the first reports its changes, the second none', () => {
    expect(first).toMatchObject({ status: 0, stdout: 'cdk8s-postgres: sync complete\n' });
    expect(changes(first)).toEqual(expect.arrayContaining(['created role zalando CREATEDB LOGIN SUPERUSER', 'creating database bar owned by bar_owner']));
    expect(second).toEqual({ status: 0, stdout: 'cdk8s-postgres: sync complete\n', stderr: '' });
  });

  test('the second run writes nothing to the catalog (rows, verifiers and xmin unchanged)', () => {
    expect(snapshot(pg, allDatabases)).toEqual(before);
  });

  test('roles carry the normalized flags', () => {
    const rows = roleRows(pg, m.roles.map(r => r.name));
    for (const role of m.roles) {
      const row = rows.find(r => r.rolname === role.name)!;
      expect(row).toBeDefined();
      for (const attr of role.attributes) {
        const column = {
          SUPERUSER: 'rolsuper',
          INHERIT: 'rolinherit',
          LOGIN: 'rolcanlogin',
          CREATEROLE: 'rolcreaterole',
          CREATEDB: 'rolcreatedb',
          REPLICATION: 'rolreplication',
          BYPASSRLS: 'rolbypassrls',
        }[attr.replace(/^NO/, '')] as keyof typeof row;
        expect([role.name, attr, row[column]]).toEqual([role.name, attr, !attr.startsWith('NO')]);
      }
    }
    expect(roleRow(pg, 'zalando')).toMatchObject({ rolsuper: true, rolcreatedb: true, rolcanlogin: true, rolcreaterole: false });
    expect(roleRow(pg, 'app-reader')).toMatchObject({ rolinherit: false, rolcanlogin: true });
    expect(roleRow(pg, 'other-ns.app')).toMatchObject({ rolcanlogin: true });
    expect(roleRow(pg, 'group_only')).toMatchObject({ rolcanlogin: false });
    expect(roleRow(pg, 'bar_reader')).toMatchObject({ rolcanlogin: false, rolinherit: true });
    expect(roleRow(pg, 'bar_data_owner_user')).toBeUndefined();
    expect(roleRow(pg, 'bar_history_writer_user')).toMatchObject({ rolcanlogin: true });
    expect(roleRow(pg, 'Shop_Orders_owner')).toMatchObject({ rolcanlogin: false });
  });

  test('memberships, with ADMIN OPTION where the operator uses ADMIN', () => {
    const rows = pg.query<{ role: string; member: string; admin: boolean }>(`SELECT r.rolname AS role, m.rolname AS member,
      bool_or(a.admin_option) AS admin FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      GROUP BY 1, 2`);
    for (const want of m.memberships) expect(rows).toContainEqual({ role: want.role, member: want.member, admin: want.adminOption });
    expect(rows).toContainEqual({ role: 'bar_reader', member: 'bar_writer', admin: false });
    expect(rows).toContainEqual({ role: 'zalando', member: 'admin', admin: true });
    expect(rows).toContainEqual({ role: 'bar_history_owner', member: 'bar_owner', admin: true });
  });

  test('search_path role settings', () => {
    const rows = pg.query<{ rolname: string; setconfig: string[] }>(`SELECT r.rolname, s.setconfig FROM pg_db_role_setting s
      JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = 0`);
    const config = (role: string) => rows.find(r => r.rolname === role)?.setconfig;
    expect(config('bar_owner')).toEqual(['search_path="$user", data, history, plain']);
    expect(config('bar_history_reader_user')).toEqual(['search_path="$user", history']);
    expect(config('Shop_Orders_writer')).toEqual(['search_path="$user", "Orders"']);
    expect(config('zalando')).toBeUndefined();
  });

  test('databases with their owners', () => {
    const rows = pg.query(`SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ANY (${arr(allDatabases)})`);
    expect(rows).toEqual(expect.arrayContaining([
      { datname: 'bar', owner: 'bar_owner' }, { datname: 'Shop', owner: 'Shop_owner' },
      { datname: 'foo', owner: 'zalando' }, { datname: 'Mixed_Case', owner: 'foo_user' },
    ]));
    expect(rows).toHaveLength(4);
  });

  test('schemas, their owners and USAGE grants', () => {
    const rows = pg.query(`SELECT nspname, pg_get_userbyid(nspowner) AS owner, ARRAY(SELECT pg_get_userbyid(a.grantee)
      FROM aclexplode(nspacl) a WHERE a.privilege_type = 'USAGE' AND a.grantee <> nspowner ORDER BY 1) AS usage
      FROM pg_namespace WHERE nspname IN ('data', 'history', 'plain') ORDER BY 1`, 'bar');
    expect(rows).toEqual([
      { nspname: 'data', owner: 'bar_data_owner', usage: ['bar_data_reader', 'bar_data_writer', 'bar_reader', 'bar_writer'] },
      { nspname: 'history', owner: 'bar_history_owner', usage: ['bar_history_reader', 'bar_history_writer', 'bar_reader', 'bar_writer'] },
      { nspname: 'plain', owner: 'bar_owner', usage: ['bar_reader', 'bar_writer'] },
    ]);
    expect(pg.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'Orders'", 'Shop'))
      .toEqual([{ owner: 'Shop_Orders_owner' }]);
  });

  test('default privileges as the model lists them', () => {
    const rows = pg.query<{ owner: string; schema: string | null; kind: string; grantee: string; privilege: string }>(`SELECT
      pg_get_userbyid(d.defaclrole) AS owner, n.nspname AS schema, d.defaclobjtype AS kind, pg_get_userbyid(a.grantee) AS grantee,
      a.privilege_type AS privilege FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a`, 'bar');
    const kinds = { TABLES: 'r', SEQUENCES: 'S', FUNCTIONS: 'f', TYPES: 'T', SCHEMAS: 'n' };
    for (const p of m.defaultPrivileges.filter(d => d.database === 'bar')) {
      for (const grantee of p.grantees) {
        for (const privilege of p.privileges) {
          expect(rows).toContainEqual({ owner: p.owner, schema: p.schema ?? null, kind: kinds[p.objects], grantee, privilege });
        }
      }
    }
  });

  test('extensions in their schemas', () => {
    expect(pg.query(`SELECT extname, extnamespace::regnamespace::text AS schema FROM pg_extension
      WHERE extname <> 'plpgsql' ORDER BY 1`, 'bar')).toEqual([
      { extname: 'citext', schema: 'history' }, { extname: 'hstore', schema: 'public' }, { extname: 'pg_trgm', schema: 'data' },
    ]);
  });

  test('passwords let each LOGIN role log in, a wrong one does not; verifiers are SCRAM', () => {
    for (const role of m.roles.filter(r => r.login)) {
      expect([role.name, pg.login(role.name, pw[role.name], 'postgres').stdout]).toEqual([role.name, role.name]);
    }
    expect(pg.login('foo_user', pw.foo_user + 'x', 'postgres')).toMatchObject({ status: 2, stderr: expect.stringContaining('password authentication failed') });
    expect(pg.login('group_only', pw.foo_user, 'postgres').status).toBe(2);
    const verifiers = pg.query<{ v: string }>("SELECT rolpassword AS v FROM pg_authid WHERE rolcanlogin AND rolname <> 'postgres'");
    expect(verifiers.length).toBe(m.roles.filter(r => r.login).length);
    for (const { v } of verifiers) expect(v).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
  });

  test('the default privileges work: owners create, readers read, writers write', () => {
    const create = 'CREATE TABLE t (id serial PRIMARY KEY, v text); CREATE TABLE history.h (v text)';
    expect(pg.login('bar_owner_user', pw.bar_owner_user, 'bar', create)).toMatchObject({ status: 0 });
    expect(pg.login('bar_writer_user', pw.bar_writer_user, 'bar', "INSERT INTO t (v) VALUES ('x'); INSERT INTO history.h VALUES ('y')"))
      .toMatchObject({ status: 0 });
    expect(pg.login('bar_reader_user', pw.bar_reader_user, 'bar', 'SELECT count(*) FROM t')).toMatchObject({ status: 0, stdout: '1' });
    expect(pg.login('bar_reader_user', pw.bar_reader_user, 'bar', "INSERT INTO t (v) VALUES ('z')").stderr).toContain('permission denied');
    expect(pg.login('bar_history_reader_user', pw.bar_history_reader_user, 'bar', 'SELECT v FROM h')).toMatchObject({ status: 0, stdout: 'y' });
    expect(pg.login('foo_user', pw.foo_user, 'bar', 'SELECT count(*) FROM data.t').stderr).toContain('permission denied');
  });

  test('the server log holds no password although it logs every statement', () => {
    const log = pg.serverLog();
    expect(log).toContain('statement: SELECT coalesce(json_agg(q)'); // the server does log our test queries
    expect(log).not.toContain('cdk8s_role('); // but nothing of the script after its SET log_statement
    expect(log).not.toContain('pg_temp.cdk8s_'); // nor of the library, in any of the sessions that include it
    for (const p of Object.values(pw)) expect(log).not.toContain(p.slice(-20));
    for (const r of [first, second]) for (const p of Object.values(pw)) expect(r.stdout + r.stderr).not.toContain(p.slice(-20));
  });

  test('without the shared library beside it, the script stops at the include, before any change', () => {
    const dir = join(pg.dir, 'alone');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'sync.sql'), syncSql(m));
    const r = pg.runScript(join(dir, 'sync.sql'), env);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('sync-library.sql: No such file or directory');
    expect(r.stdout).toBe('');
    expect(snapshot(pg, allDatabases)).toEqual(before);
  });
});

function arr(values: string[]): string {
  return `ARRAY[${values.map(literal).join(', ')}]`;
}
