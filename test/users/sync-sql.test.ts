import { buildDatabaseModel, DatabaseModelInput } from '../../src/users/database-model';
import { DatabaseModel } from '../../src/users/model-types';
import { readerWriterGrants } from '../../src/users/prepared';
import { SYNC_LIBRARY } from '../../src/users/sync-library';
import { INCLUDE_SYNC_LIBRARY, sqlLiteral, syncSql, syncSqlLines } from '../../src/users/sync-sql';
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
const library = SYNC_LIBRARY.split('\n');
const inLibrary = (text: string) => library.findIndex(l => l.includes(text));

describe('the sync library (shared by every cluster)', () => {
  test('stops on the first error and silences statement logging before anything else', () => {
    expect(library.slice(1, 3)).toEqual(['\\set ON_ERROR_STOP on', '\\set QUIET on']);
    for (const setting of ["log_statement = 'none'", 'log_min_duration_statement = -1', "log_min_error_statement = 'panic'"]) {
      expect(inLibrary(`SET ${setting};`)).toBeGreaterThan(0);
      expect(inLibrary(`SET ${setting};`)).toBeLessThan(inLibrary('CREATE '));
    }
  });

  test('fails on a replica before it defines anything', () => {
    expect(inLibrary('IF pg_is_in_recovery() THEN')).toBeLessThan(inLibrary('CREATE '));
    expect(SYNC_LIBRARY).toContain('this server is a replica (in recovery); run the sync against the primary');
  });

  test('defines every helper once, and nothing of any cluster', () => {
    const defined = [...SYNC_LIBRARY.matchAll(/^CREATE (?:FUNCTION pg_temp\.|TEMP TABLE )(\w+)/gm)].map(m => m[1]);
    expect(new Set(defined).size).toBe(defined.length);
    const called = new Set([...script.matchAll(/pg_temp\.(\w+)\(/g)].map(m => m[1]));
    for (const name of called) expect(defined).toContain(name);
    expect(SYNC_LIBRARY).not.toMatch(/acid-test|zalando|Shop/);
    expect(SYNC_LIBRARY).not.toMatch(/\bDROP\b|\bRENAME\b/i);
  });
});

describe('syncSql (the cluster\'s script)', () => {
  test('turns ON_ERROR_STOP on, then includes the library relative to itself before anything else', () => {
    expect(lines.slice(2, 4)).toEqual(['\\set ON_ERROR_STOP on', '\\ir ../shared/sync-library.sql']);
    expect(INCLUDE_SYNC_LIBRARY).toBe('\\ir ../shared/sync-library.sql');
    expect(lines.slice(0, 2).every(l => l.startsWith('-- '))).toBe(true);
  });

  test('defines no helper of its own and sets nothing for the session: the library does', () => {
    expect(script).not.toMatch(/CREATE FUNCTION|CREATE TEMP|^SET /m);
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

  test('each new session (every \\connect) includes the library again right away; plain databases are not entered', () => {
    const connects = lines.flatMap((l, i) => (l.startsWith('\\connect ') ? [i] : []));
    expect(connects.map(i => lines[i])).toEqual(['\\connect "Shop"', '\\connect "bar"']);
    for (const i of connects) expect(lines[i + 1]).toBe(INCLUDE_SYNC_LIBRARY);
    expect(lines.filter(l => l === INCLUDE_SYNC_LIBRARY)).toHaveLength(1 + connects.length);
  });

  test('is small for a typical cluster (two users, a database): the helpers are not in it', () => {
    const typical = syncSql(build({ users: { app_owner: [UserFlag.CREATEDB], app_user: [] }, databases: { app: 'app_owner' } }));
    expect(Buffer.byteLength(typical)).toBeLessThan(2 * 1024);
    expect(Buffer.byteLength(SYNC_LIBRARY)).toBeGreaterThan(10 * 1024);
  });

  test('the operator\'s reader/writer set is one call per owner and schema; the library expands it from the model\'s list', () => {
    expect(lines).toContain("SELECT pg_temp.cdk8s_reader_writer_privileges('bar_owner', NULL, 'bar_reader', 'bar_writer');");
    expect(lines).toContain("SELECT pg_temp.cdk8s_reader_writer_privileges('bar_data_owner', 'data', 'bar_reader', 'bar_writer');");
    expect(lines.filter(l => l.includes('cdk8s_default_privileges'))).toEqual([]);
    // The library's function is generated from readerWriterGrants(): every grant of both variants is in its body.
    for (const databaseWide of [true, false]) {
      for (const g of readerWriterGrants('p_reader', 'p_writer', databaseWide)) {
        expect(SYNC_LIBRARY).toContain(`PERFORM pg_temp.cdk8s_default_privileges(p_owner, ${databaseWide ? 'NULL' : 'p_schema'}, '${g.objects}', `
          + `ARRAY[${g.privileges.map(p => `'${p}'`).join(', ')}], ARRAY[${g.grantees.join(', ')}]);`);
      }
    }
  });

  test('default privileges outside the reader/writer set carry owner, schema or NULL, objects, privileges and grantees', () => {
    const odd: DatabaseModel = {
      ...full,
      defaultPrivileges: [
        { database: 'bar', owner: 'bar_owner', schema: 'data', objects: 'TABLES', privileges: ['SELECT'], grantees: ['bar_reader'] },
        ...full.defaultPrivileges,
      ],
    };
    const oddLines = syncSqlLines(odd);
    expect(oddLines).toContain("SELECT pg_temp.cdk8s_default_privileges('bar_owner', 'data', 'TABLES', ARRAY['SELECT']::text[], ARRAY['bar_reader']::text[]);");
    // The sets that follow are still recognised as such.
    expect(oddLines.filter(l => l.includes('cdk8s_reader_writer_privileges'))).toHaveLength(lines.filter(l => l.includes('cdk8s_reader_writer_privileges')).length);
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

  test('without LOGIN roles no password is loaded or set', () => {
    const s = syncSql(build({ users: { grp: [UserFlag.NOLOGIN] }, adminRole: false }));
    expect(s).not.toContain('cdk8s_password');
    expect(s).not.toContain('SELECT pg_temp.cdk8s_require_role(');
    expect(s).toContain("SELECT pg_temp.cdk8s_role('grp', ARRAY['NOLOGIN']::text[]);");
  });
});
