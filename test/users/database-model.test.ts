import { buildDatabaseModel, DatabaseModelInput, passwordEnvName } from '../../src/users/database-model';
import { UserFlag } from '../../src/users/user-flag';

const build = (input: Partial<DatabaseModelInput>) =>
  buildDatabaseModel({ cluster: 'acid-minimal-cluster', namespace: 'default', superuser: 'postgres', replicationUser: 'standby', ...input });

// The operator's manifests/minimal-postgres-manifest.yaml (reference/zalando-operator.md §3.2).
const minimal = build({
  users: { zalando: [UserFlag.SUPERUSER, UserFlag.CREATEDB], foo_user: [] },
  databases: { foo: 'zalando' },
  preparedDatabases: { bar: {} },
});

describe('the operator\'s minimal cluster', () => {
  test('roles: manifest users with LOGIN, prepared roles NOLOGIN', () => {
    expect(minimal.roles.map(r => [r.name, r.attributes.join(' ')])).toEqual([
      ['zalando', 'CREATEDB LOGIN SUPERUSER'], ['foo_user', 'LOGIN'],
      ['bar_owner', 'NOLOGIN'], ['bar_reader', 'NOLOGIN'], ['bar_writer', 'NOLOGIN'],
      ['bar_data_owner', 'NOLOGIN'], ['bar_data_reader', 'NOLOGIN'], ['bar_data_writer', 'NOLOGIN'],
    ]);
  });

  test('credentials Secrets: system users first, _ becomes -, username keeps _', () => {
    expect(minimal.credentials.map(c => [c.role, c.name, c.namespace, c.origin, c.passwordEnv])).toEqual([
      ['postgres', 'postgres.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'default', 'system', undefined],
      ['standby', 'standby.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'default', 'system', undefined],
      ['zalando', 'zalando.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'default', 'user', 'PGPASSWORD_ZALANDO'],
      ['foo_user', 'foo-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'default', 'user', 'PGPASSWORD_FOO_USER'],
    ]);
  });

  test('databases: prepared first, owned by <db>_owner', () => {
    expect(minimal.databases.map(d => [d.name, d.owner, d.prepared])).toEqual([['bar', 'bar_owner', true], ['foo', 'zalando', false]]);
  });

  test('memberships: admin is ADMIN of users and owners; writer in reader; owner ADMIN of reader, writer and schema roles', () => {
    const m = minimal.memberships.map(x => `${x.member} -> ${x.role}${x.adminOption ? ' (admin)' : ''}`);
    expect(m).toEqual([
      'admin -> zalando (admin)', 'admin -> foo_user (admin)',
      'admin -> bar_owner (admin)', 'bar_owner -> bar_reader (admin)', 'bar_writer -> bar_reader', 'bar_owner -> bar_writer (admin)',
      'bar_owner -> bar_data_owner (admin)', 'bar_data_owner -> bar_data_reader (admin)', 'bar_data_writer -> bar_data_reader',
      'bar_data_owner -> bar_data_writer (admin)',
    ]);
    expect(minimal.requiredRoles).toEqual(['admin']);
  });

  test('search_path of prepared roles: "$user" and the database\'s schemas, or the one schema', () => {
    expect(minimal.roles.find(r => r.name === 'bar_writer')?.searchPath).toEqual(['$user', 'data']);
    expect(minimal.roles.find(r => r.name === 'bar_data_reader')?.searchPath).toEqual(['$user', 'data']);
    expect(minimal.roles.find(r => r.name === 'zalando')?.searchPath).toBeUndefined();
  });

  test('schema data owned by its own owner role, with grants and default privileges as the operator sets them', () => {
    expect(minimal.schemas).toEqual([{ database: 'bar', name: 'data', owner: 'bar_data_owner' }]);
    expect(minimal.schemaGrants).toEqual([
      { database: 'bar', schema: 'data', grantees: ['bar_reader', 'bar_writer'] },
      { database: 'bar', schema: 'data', grantees: ['bar_data_reader', 'bar_data_writer'] },
    ]);
    const dp = minimal.defaultPrivileges.map(p => `${p.owner}@${p.schema ?? '*'} ${p.privileges.join(',')} ${p.objects} -> ${p.grantees.join(',')}`);
    expect(dp.slice(0, 7)).toEqual([
      'bar_owner@* USAGE SCHEMAS -> bar_writer,bar_reader',
      'bar_owner@* SELECT TABLES -> bar_reader',
      'bar_owner@* SELECT SEQUENCES -> bar_reader',
      'bar_owner@* INSERT,UPDATE,DELETE TABLES -> bar_writer',
      'bar_owner@* USAGE,UPDATE SEQUENCES -> bar_writer',
      'bar_owner@* EXECUTE FUNCTIONS -> bar_reader,bar_writer',
      'bar_owner@* USAGE TYPES -> bar_reader,bar_writer',
    ]);
    // Schema level: the schema owner for the database roles, then both owners for the schema roles.
    expect([...new Set(dp.slice(7).map(x => x.split(' ')[0] + ' ' + x.split('-> ')[1].split(',')[0]))]).toEqual([
      'bar_data_owner@data bar_reader', 'bar_data_owner@data bar_writer',
      'bar_owner@data bar_data_reader', 'bar_owner@data bar_data_writer',
      'bar_data_owner@data bar_data_reader', 'bar_data_owner@data bar_data_writer',
    ]);
    expect(dp).toHaveLength(7 + 6 * 3);
  });
});

describe('flags', () => {
  test.each([
    [[], 'LOGIN'],
    [['nologin'], 'NOLOGIN'],
    [['LOGIN', 'login'], 'LOGIN'],
    [['Createdb', 'NOINHERIT'], 'CREATEDB LOGIN NOINHERIT'],
    [['superuser', 'createrole', 'replication', 'bypassrls', 'nologin'], 'BYPASSRLS CREATEROLE NOLOGIN REPLICATION SUPERUSER'],
  ])('%j normalizes to %s', (flags, expected) => {
    const m = build({ users: { app: flags as UserFlag[] } });
    expect(m.roles[0].attributes.join(' ')).toBe(expected);
    expect(m.roles[0].login).toBe(!expected.includes('NOLOGIN'));
  });

  test('a NOLOGIN user has no credentials Secret and no password env var', () => {
    const m = build({ users: { grp: [UserFlag.NOLOGIN] } });
    expect(m.roles[0].credentials).toBeUndefined();
    expect(m.credentials.map(c => c.role)).toEqual(['postgres', 'standby']);
  });

  test('adminRole: a custom admin role, or none', () => {
    expect(build({ users: { app: [] }, adminRole: 'team_admin' }).memberships).toEqual([{ role: 'app', member: 'team_admin', adminOption: true }]);
    expect(build({ users: { app: [] }, adminRole: false }).memberships).toEqual([]);
    expect(build({ users: { app: [] }, adminRole: false }).requiredRoles).toEqual([]);
  });
});

describe('cross-namespace users and secret namespaces', () => {
  test('ns.name: the role is literally ns.name, its Secret ns.name.<c>... lives in ns', () => {
    const m = build({ users: { 'team-b.app_user': [] } });
    expect(m.roles[0].name).toBe('team-b.app_user');
    expect(m.roles[0].credentials).toMatchObject({ name: 'team-b.app-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', namespace: 'team-b' });
    expect(m.roles[0].credentials?.passwordEnv).toBe('PGPASSWORD_TEAM_B_APP_USER');
  });

  test('a prepared database\'s secretNamespace holds its _user Secrets; role names are unchanged', () => {
    const m = build({ preparedDatabases: { shop: { defaultUsers: true, secretNamespace: 'shop-apps', schemas: { orders: { defaultUsers: true } } } } });
    const creds = m.credentials.filter(c => c.origin === 'prepared');
    expect(creds.map(c => [c.role, c.name, c.namespace])).toEqual([
      ['shop_owner_user', 'shop-owner-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
      ['shop_reader_user', 'shop-reader-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
      ['shop_writer_user', 'shop-writer-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
      ['shop_orders_owner_user', 'shop-orders-owner-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
      ['shop_orders_reader_user', 'shop-orders-reader-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
      ['shop_orders_writer_user', 'shop-orders-writer-user.acid-minimal-cluster.credentials.postgresql.acid.zalan.do', 'shop-apps'],
    ]);
  });

  test('without a namespace the Secrets carry none (the chart decides)', () => {
    const m = buildDatabaseModel({ cluster: 'c1', superuser: 'postgres', replicationUser: 'standby', users: { app: [] } });
    expect(m.credentials.map(c => c.namespace)).toEqual([undefined, undefined, undefined]);
  });
});

describe('prepared databases', () => {
  test('an empty preparedDatabases means one database named after the cluster, - replaced by _', () => {
    const m = build({ preparedDatabases: {} });
    expect(m.databases).toEqual([{ name: 'acid_minimal_cluster', owner: 'acid_minimal_cluster_owner', prop: "preparedDatabases['acid_minimal_cluster']", prepared: true }]);
    expect(m.schemas).toEqual([{ database: 'acid_minimal_cluster', name: 'data', owner: 'acid_minimal_cluster_data_owner' }]);
  });

  test('no preparedDatabases means none', () => {
    expect(build({}).databases).toEqual([]);
  });

  test('defaultUsers: LOGIN _user roles in their role, the owner_user administered by admin', () => {
    const m = build({ preparedDatabases: { shop: { defaultUsers: true } } });
    expect(m.roles.filter(r => r.login).map(r => r.name)).toEqual(['shop_owner_user', 'shop_reader_user', 'shop_writer_user']);
    expect(m.memberships).toEqual(expect.arrayContaining([
      { role: 'shop_owner', member: 'shop_owner_user', adminOption: false },
      { role: 'shop_owner_user', member: 'admin', adminOption: true },
      { role: 'shop_writer_user', member: 'shop_owner', adminOption: true },
    ]));
    // The owner_user also defines global and schema default privileges, like the owner.
    expect(new Set(m.defaultPrivileges.map(p => `${p.owner}@${p.schema ?? '*'}`))).toEqual(new Set([
      'shop_owner@*', 'shop_owner_user@*', 'shop_data_owner@data', 'shop_owner@data', 'shop_owner_user@data',
    ]));
  });

  test('defaultRoles false: the schema belongs to <db>_owner and has no roles of its own', () => {
    const m = build({ preparedDatabases: { shop: { schemas: { plain: { defaultRoles: false }, other: {} } } } });
    expect(m.schemas).toEqual([
      { database: 'shop', name: 'plain', owner: 'shop_owner' },
      { database: 'shop', name: 'other', owner: 'shop_other_owner' },
    ]);
    expect(m.roles.map(r => r.name)).not.toContain('shop_plain_owner');
    expect(m.roles.find(r => r.name === 'shop_owner')?.searchPath).toEqual(['$user', 'plain', 'other']);
  });

  test('extensions in public, pg_catalog or a schema of the database', () => {
    const m = build({ preparedDatabases: { shop: { extensions: { 'pg_trgm': 'data', 'uuid-ossp': 'public', 'pg_cron': 'pg_catalog' } } } });
    expect(m.extensions).toEqual([
      { database: 'shop', name: 'pg_trgm', schema: 'data' },
      { database: 'shop', name: 'uuid-ossp', schema: 'public' },
      { database: 'shop', name: 'pg_cron', schema: 'pg_catalog' },
    ]);
  });

  test('a database may be owned by a prepared role', () => {
    expect(build({ preparedDatabases: { shop: {} }, databases: { shop_archive: 'shop_owner' } }).databases[1])
      .toMatchObject({ name: 'shop_archive', owner: 'shop_owner' });
  });
});

describe('password env vars', () => {
  test('upper snake case of the role name', () => {
    expect(passwordEnvName('foo_user')).toBe('PGPASSWORD_FOO_USER');
    expect(passwordEnvName('team-b.app')).toBe('PGPASSWORD_TEAM_B_APP');
  });

  test('names that collide get a hash suffix of the exact role, independent of order', () => {
    const a = build({ users: { 'foo.bar': [], 'foo_bar': [], 'other': [] } });
    const b = build({ users: { 'foo_bar': [], 'foo.bar': [], 'other': [] } });
    const envs = (m: typeof a) => Object.fromEntries(m.roles.map(r => [r.name, r.credentials?.passwordEnv]));
    expect(envs(a)).toEqual(envs(b));
    expect(envs(a).other).toBe('PGPASSWORD_OTHER');
    expect(envs(a)['foo.bar']).toMatch(/^PGPASSWORD_FOO_BAR_[0-9A-F]{8}$/);
    expect(envs(a)['foo.bar']).not.toBe(envs(a).foo_bar);
  });
});
