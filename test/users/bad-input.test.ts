import { PostgresValidationError } from '../../src/private/validation';
import { buildDatabaseModel, DatabaseModelInput } from '../../src/users/database-model';
import { UserFlag } from '../../src/users/user-flag';

const build = (input: Partial<DatabaseModelInput>) =>
  buildDatabaseModel({ cluster: 'acid-test', namespace: 'apps', superuser: 'postgres', replicationUser: 'standby', ...input });
const flags = (...f: string[]) => f as UserFlag[];

/** [case, input, the exact message]: each names the prop, the value and what is allowed. */
const cases: Array<[string, Partial<DatabaseModelInput>, string]> = [
  ['upper-case user', { users: { 'Bad-Name': [] } },
    'users[\'Bad-Name\']: \'Bad-Name\' is not valid; expected a role name of lower-case letters, digits, -, _ and . (starting and ending alphanumeric, at most 63 characters, the operator\'s rule)'],
  ['user starting with -', { users: { '-app': [] } },
    'users[\'-app\']: \'-app\' is not valid; expected a role name of lower-case letters, digits, -, _ and . (starting and ending alphanumeric, at most 63 characters, the operator\'s rule)'],
  ['user longer than 63', { users: { ['a'.repeat(64)]: [] } },
    'users[\'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\']: \'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\' is not valid; expected a role name of lower-case letters, digits, -, _ and . (starting and ending alphanumeric, at most 63 characters, the operator\'s rule)'],
  ['user with pg_ prefix', { users: { pg_app: [] } },
    'users[\'pg_app\']: \'pg_app\' is not valid; expected a role name not starting with pg_ (reserved by PostgreSQL)'],
  ['the superuser', { users: { postgres: [] } },
    'users[\'postgres\']: \'postgres\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['the replication user', { users: { standby: [] } },
    'users[\'standby\']: \'standby\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['Spilo admin role', { users: { admin: [] } },
    'users[\'admin\']: \'admin\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['Spilo cron_admin', { users: { cron_admin: [] } },
    'users[\'cron_admin\']: \'cron_admin\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['the pooler user', { users: { pooler: [] } },
    'users[\'pooler\']: \'pooler\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['PostgreSQL public', { users: { public: [] } },
    'users[\'public\']: \'public\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['the custom admin role', { users: { team_admin: [] }, adminRole: 'team_admin' },
    'users[\'team_admin\']: \'team_admin\' is not valid; expected a role name other than the system and Spilo roles postgres, standby, team_admin, admin, cron_admin, robot_zmon, zalandos, pooler, fes_user, public, none, current_user, session_user, current_role'],
  ['cross-namespace user with a bad namespace', { users: { 'team_b.app': [] } },
    'users[\'team_b.app\'] (namespace part of ns.name): \'team_b\' is not valid; expected a namespace name (DNS-1123 label: lower-case alphanumerics and -, at most 63 characters)'],
  ['contradicting flags', { users: { app: flags('login', 'nologin') } },
    'users[\'app\'][1]: \'nologin\' is not valid; expected a flag that does not contradict login'],
  ['contradicting flags, any case', { users: { app: flags('CREATEDB', 'nocreatedb') } },
    'users[\'app\'][1]: \'nocreatedb\' is not valid; expected a flag that does not contradict createdb'],
  ['unknown flag', { users: { app: flags('createdb', 'superman') } },
    'users[\'app\'][1]: \'superman\' is not valid; expected a role flag: superuser, inherit, login, createrole, createdb, replication, bypassrls or the same with no in front'],
  ['flags not a list', { users: { app: 'login' as any } },
    'users[\'app\']: \'login\' is not valid; expected a list of UserFlag values'],
  ['two users, one Secret', { users: { 'foo-bar': [], 'foo_bar': [] } },
    'users[\'foo-bar\'] and users[\'foo_bar\']: roles \'foo-bar\' and \'foo_bar\' both need the Secret \'foo-bar.acid-test.credentials.postgresql.acid.zalan.do\'; rename one of them'],
  ['database name with -', { databases: { 'my-db': 'app' }, users: { app: [] } },
    'databases[\'my-db\']: \'my-db\' is not valid; expected a database name matching ^[a-zA-Z_][a-zA-Z0-9_]*$ with at most 63 characters'],
  ['database postgres', { databases: { postgres: 'app' }, users: { app: [] } },
    'databases[\'postgres\']: \'postgres\' is not valid; expected a database other than postgres, template0, template1'],
  ['database owner unknown', { databases: { foo: 'nobody' }, users: { app: [] } },
    'databases[\'foo\']: \'nobody\' is not valid; expected the name of a role declared in users or generated by preparedDatabases: app'],
  ['database owner postgres', { databases: { foo: 'postgres' } },
    'databases[\'foo\']: \'postgres\' is not valid; expected the name of a role declared in users or generated by preparedDatabases (there is none)'],
  ['database also prepared', { databases: { shop: 'shop_owner' }, preparedDatabases: { shop: {} } },
    'databases[\'shop\'] and preparedDatabases[\'shop\']: both define the database \'shop\'; keep one'],
  ['prepared database name with -', { preparedDatabases: { 'my-shop': {} } },
    'preparedDatabases[\'my-shop\']: \'my-shop\' is not valid; expected a database name matching ^[a-zA-Z_][a-zA-Z0-9_]*$ with at most 63 characters'],
  ['prepared template1', { preparedDatabases: { template1: {} } },
    'preparedDatabases[\'template1\']: \'template1\' is not valid; expected a database other than postgres, template0, template1'],
  ['prepared null', { preparedDatabases: { shop: null as any } },
    'preparedDatabases[\'shop\']: null is not valid; expected a PreparedDatabase object ({} for the defaults)'],
  ['schema public', { preparedDatabases: { shop: { schemas: { public: {} } } } },
    'preparedDatabases[\'shop\'].schemas[\'public\']: \'public\' is not valid; expected a schema of your own (not public, information_schema or pg_*)'],
  ['schema pg_', { preparedDatabases: { shop: { schemas: { pg_data: {} } } } },
    'preparedDatabases[\'shop\'].schemas[\'pg_data\']: \'pg_data\' is not valid; expected a schema of your own (not public, information_schema or pg_*)'],
  ['schema starting with a digit', { preparedDatabases: { shop: { schemas: { '9lives': {} } } } },
    'preparedDatabases[\'shop\'].schemas[\'9lives\']: \'9lives\' is not valid; expected a schema name matching ^[a-zA-Z_][a-zA-Z0-9_]*$ with at most 63 characters'],
  ['schema users without roles', { preparedDatabases: { shop: { schemas: { s: { defaultRoles: false, defaultUsers: true } } } } },
    'preparedDatabases[\'shop\'].schemas[\'s\'].defaultUsers: true is not valid; expected false or unset when defaultRoles is false (the _user roles are members of the schema roles)'],
  ['extension in a missing schema', { preparedDatabases: { shop: { extensions: { pg_trgm: 'missing' } } } },
    'preparedDatabases[\'shop\'].extensions[\'pg_trgm\']: \'missing\' is not valid; expected a schema of this database: public, pg_catalog, data'],
  ['extension name', { preparedDatabases: { shop: { extensions: { 'Bad Ext': 'public' } } } },
    'preparedDatabases[\'shop\'].extensions[\'Bad Ext\']: \'Bad Ext\' is not valid; expected an extension name of lower-case letters, digits, _ and - with at most 63 characters'],
  ['secretNamespace', { preparedDatabases: { shop: { secretNamespace: 'Bad_NS' } } },
    'preparedDatabases[\'shop\'].secretNamespace: \'Bad_NS\' is not valid; expected a namespace name (DNS-1123 label: lower-case alphanumerics and -, at most 63 characters)'],
  ['user vs prepared role', { users: { shop_owner: [] }, preparedDatabases: { shop: {} } },
    'users[\'shop_owner\'] and preparedDatabases[\'shop\']: both define the role \'shop_owner\'; rename one of them'],
  ['prepared vs prepared role', { preparedDatabases: { a: { schemas: { b: {} } }, a_b: {} } },
    'preparedDatabases[\'a\'].schemas[\'b\'] and preparedDatabases[\'a_b\']: both define the role \'a_b_owner\'; rename one of them'],
  ['generated role too long', { preparedDatabases: { ['d'.repeat(40)]: { schemas: { ['s'.repeat(20)]: {} } } } },
    'preparedDatabases[\'dddddddddddddddddddddddddddddddddddddddd\'].schemas[\'ssssssssssssssssssss\']: \'dddddddddddddddddddddddddddddddddddddddd_ssssssssssssssssssss_owner\' is not valid; expected names short enough that the generated role \'dddddddddddddddddddddddddddddddddddddddd_ssssssssssssssssssss_owner\' has at most 63 characters'],
  ['prepared users need lower-case names', { preparedDatabases: { Shop: { defaultUsers: true } } },
    'preparedDatabases[\'Shop\']: \'Shop_owner_user\' is not valid; expected a role whose credentials Secret name \'Shop-owner-user.acid-test.credentials.postgresql.acid.zalan.do\' is a DNS-1123 subdomain (lower-case alphanumerics, - and ., at most 253 characters)'],
  ['generated role reserved', { preparedDatabases: { pg: {} } },
    'preparedDatabases[\'pg\']: \'pg_owner\' is not valid; expected names whose generated roles are not reserved (pg_*, system users)'],
  ['cluster namespace', { namespace: 'Bad NS' },
    'namespace: \'Bad NS\' is not valid; expected a namespace name (DNS-1123 label: lower-case alphanumerics and -, at most 63 characters)'],
];

test.each(cases)('%s', (_, input, message) => {
  expect(() => build(input)).toThrow(message);
});

test.each(cases)('%s', (_, input, message) => {
  expect(() => build(input)).toThrow(new PostgresValidationError(message));
});
