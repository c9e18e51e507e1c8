import { buildDatabaseModel, DatabaseModelInput } from '../../src/users/database-model';
import { sqlLiteral, syncSql } from '../../src/users/sync-sql';
import { UserFlag } from '../../src/users/user-flag';

const build = (input: Partial<DatabaseModelInput>) =>
  buildDatabaseModel({ cluster: 'acid-test', namespace: 'apps', superuser: 'postgres', replicationUser: 'standby', ...input });
const full = build({
  users: { 'zalando': [UserFlag.SUPERUSER], 'grp': [UserFlag.NOLOGIN], 'team-b.app': [] },
  databases: { foo: 'zalando' },
  preparedDatabases: { Shop: { schemas: { Orders: {} }, extensions: { pg_trgm: 'Orders' } }, bar: { defaultUsers: true } },
});
const script = syncSql(full);
const lines = script.split('\n');
const at = (text: string) => lines.findIndex(l => l.includes(text));

describe('syncSql', () => {
  test('stops on the first error and silences statement logging before anything else', () => {
    expect(lines.slice(2, 4)).toEqual(['\\set ON_ERROR_STOP on', '\\set QUIET on']);
    for (const setting of ["log_statement = 'none'", 'log_min_duration_statement = -1', "log_min_error_statement = 'panic'"]) {
      expect(at(`SET ${setting};`)).toBeGreaterThan(0);
      expect(at(`SET ${setting};`)).toBeLessThan(at('CREATE FUNCTION'));
    }
  });

  test('fails on a replica before any change', () => {
    expect(at('IF pg_is_in_recovery() THEN')).toBeLessThan(at('CREATE FUNCTION'));
    expect(script).toContain('this server is a replica (in recovery); run the sync against the primary');
  });

  test('checks required roles and loads every password before the first change', () => {
    const firstChange = at('-- roles');
    expect(at("cdk8s_require_role('admin'")).toBeLessThan(firstChange);
    for (const role of full.roles.filter(r => r.login)) {
      const env = role.credentials!.passwordEnv!;
      expect(at(`\\getenv cdk8s_password ${env}`)).toBeLessThan(firstChange);
      expect(lines).toContain(`\\copy pg_temp.cdk8s_password_input (line) from program 'printenv ${env} | od -An -v -tx1'`);
      expect(lines).toContain(`SELECT pg_temp.cdk8s_password(${sqlLiteral(role.name)});`);
    }
    expect(script).not.toContain('PGPASSWORD_GRP');
  });

  test('never drops or renames anything', () => {
    expect(script).not.toMatch(/\bDROP\b|\bRENAME\b|\bREVOKE\b/i);
  });

  test('names reach SQL as literals and are quoted with %I; \\connect double-quotes the database', () => {
    expect(lines).toContain("SELECT pg_temp.cdk8s_role('team-b.app', ARRAY['LOGIN']::text[]);");
    expect(lines).toContain("SELECT pg_temp.cdk8s_search_path('Shop_Orders_reader', ARRAY['$user', 'Orders']::text[]);");
    expect(lines).toContain("SELECT format('CREATE DATABASE %I OWNER %I', 'Shop', 'Shop_owner') WHERE NOT EXISTS "
      + "(SELECT 1 FROM pg_database WHERE datname = 'Shop') \\gexec");
    expect(lines).toContain('\\connect "Shop"');
    expect(lines).toContain("SELECT pg_temp.cdk8s_extension('pg_trgm', 'Orders');");
    expect(sqlLiteral("o'brien")).toBe("'o''brien'");
  });

  test('each prepared database gets its own session settings and helpers; plain databases are not entered', () => {
    for (const db of ['Shop', 'bar']) {
      const i = at(`\\connect "${db}"`);
      expect(lines[i + 1]).toBe("SET log_statement = 'none';");
      expect(lines.slice(i).join('\n')).toContain('CREATE FUNCTION pg_temp.cdk8s_schema(');
    }
    expect(script).not.toContain('\\connect "foo"');
  });

  test('default privileges carry owner, schema or NULL, objects, privileges and grantees', () => {
    expect(lines).toContain("SELECT pg_temp.cdk8s_default_privileges('bar_owner', NULL, 'SCHEMAS', ARRAY['USAGE']::text[], "
      + "ARRAY['bar_writer', 'bar_reader']::text[]);");
    expect(lines).toContain("SELECT pg_temp.cdk8s_default_privileges('bar_data_owner', 'data', 'TABLES', "
      + "ARRAY['INSERT', 'UPDATE', 'DELETE']::text[], ARRAY['bar_writer']::text[]);");
  });

  test('is deterministic (the Job name hashes it)', () => {
    expect(syncSql(full)).toBe(script);
  });

  test('passwordEnv option: another env var, or none to leave the password alone', () => {
    const s = syncSql(full, { passwordEnv: r => (r === 'zalando' ? 'DB_ZALANDO_PW' : undefined) });
    expect(s).toContain('\\getenv cdk8s_password DB_ZALANDO_PW');
    expect(s).not.toContain('PGPASSWORD_');
    expect(s).not.toContain("cdk8s_password('bar_owner_user')");
    expect(() => syncSql(full, { passwordEnv: () => 'bad name' })).toThrow("password env var 'bad name' of role 'zalando' must match [A-Z_][A-Z0-9_]*");
  });

  test('without LOGIN roles there are no password helpers', () => {
    const s = syncSql(build({ users: { grp: [UserFlag.NOLOGIN] }, adminRole: false }));
    expect(s).not.toContain('cdk8s_password');
    expect(s).not.toContain('SELECT pg_temp.cdk8s_require_role(');
    expect(s).toContain("SELECT pg_temp.cdk8s_role('grp', ARRAY['NOLOGIN']::text[]);");
  });
});
