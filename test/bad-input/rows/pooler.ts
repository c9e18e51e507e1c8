// Bad connection pooler input: instances, connections, mode, image, role, schema, resources, labels.
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { FleetDefaultsProps, PoolMode, PostgresClusterProps, StandbySource } from '../../../src';
import { BadInputRow, exactly, PropPath, row } from '../row';

/** [title, props covered, cluster props, fleet props, the exact message after the construct path]. */
type Row = [string, PropPath[], Partial<PostgresClusterProps>, FleetDefaultsProps | undefined, string];

const RESERVED = 'postgres, standby, admin, cron_admin, robot_zmon, zalandos, fes_user, public, none, current_user, session_user, current_role';
const ROLE_RULE = 'a role name of lower-case letters, digits, -, _ and . (starting and ending alphanumeric, at most 63 characters, the operator\'s rule)';
const SCHEMA_RULE = 'a schema name matching ^[a-z_][a-z0-9_]*$ with at most 63 characters (pgbouncer\'s auth_query names it unquoted)';
const pooler = (p: object): Partial<PostgresClusterProps> => ({ connectionPooler: p });

const ROWS: Row[] = [
  ['not an object', ['PostgresClusterProps.connectionPooler'], { connectionPooler: 'yes' as any }, undefined,
    'connectionPooler: \'yes\' is not valid; expected a ConnectionPoolerOptions object ({} for the defaults)'],
  ['instances 0', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.instances'], pooler({ instances: 0 }), undefined, 'connectionPooler.instances: 0 is not valid; expected an integer >= 1'],
  ['instances 1.5', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.instances'], pooler({ instances: 1.5 }), undefined, 'connectionPooler.instances: 1.5 is not valid; expected an integer >= 1'],
  ['fleet instances 0', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.instances'], pooler({}), { connectionPooler: { instances: 0 } },
    'fleet.connectionPooler.instances: 0 is not valid; expected an integer >= 1'],
  ['maxDBConnections 0', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.maxDBConnections'], pooler({ maxDBConnections: 0 }), undefined,
    'connectionPooler.maxDBConnections: 0 is not valid; expected an integer >= 1'],
  ['maxDBConnections 2.5', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.maxDBConnections'], pooler({ maxDBConnections: 2.5 }), undefined,
    'connectionPooler.maxDBConnections: 2.5 is not valid; expected an integer >= 1'],
  ['fleet maxDBConnections too small for the instances', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.maxDBConnections'], pooler({ instances: 4 }), { connectionPooler: { maxDBConnections: 7 } },
    'fleet.connectionPooler.maxDBConnections: 7 is not valid; expected at least 2 × instances (8), so that each of the 4 PgBouncer '
    + 'instances gets a pool of at least one server connection (the operator would render CONNECTION_POOLER_DEFAULT_SIZE=0)'],
  ['unknown mode', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.mode'], pooler({ mode: 'statement' as PoolMode }), undefined,
    'connectionPooler.mode: \'statement\' is not valid; expected one of session, transaction (PoolMode)'],
  ['fleet mode upper case', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.mode'], pooler({}), { connectionPooler: { mode: 'SESSION' as PoolMode } },
    'fleet.connectionPooler.mode: \'SESSION\' is not valid; expected one of session, transaction (PoolMode)'],
  ['empty image', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.image'], pooler({ image: '' }), undefined,
    'connectionPooler.image: \'\' is not valid; expected a container image reference such as ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1'],
  ['image with a space', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.image'], pooler({ image: 'pgbouncer latest' }), undefined,
    'connectionPooler.image: \'pgbouncer latest\' is not valid; expected a container image reference such as ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1'],
  ['user is the superuser', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'postgres' }), undefined,
    `connectionPooler.user: 'postgres' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['user is the replication user', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'standby' }), undefined,
    `connectionPooler.user: 'standby' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['user is the fleet\'s replication user', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'repl' }), { replicationUsername: 'repl' },
    `connectionPooler.user: 'repl' is not valid; expected a role name other than the system and Spilo roles ${RESERVED.replace('standby', 'repl')}`],
  ['user is protected (admin)', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'admin' }), undefined,
    `connectionPooler.user: 'admin' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['user is protected (cron_admin)', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'cron_admin' }), undefined,
    `connectionPooler.user: 'cron_admin' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['user is Spilo\'s zalandos', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'zalandos' }), undefined,
    `connectionPooler.user: 'zalandos' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['fleet user is the streams user', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({}), { connectionPooler: { user: 'fes_user' } },
    `fleet.connectionPooler.user: 'fes_user' is not valid; expected a role name other than the system and Spilo roles ${RESERVED}`],
  ['user with upper case', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'Pooler' }), undefined, `connectionPooler.user: 'Pooler' is not valid; expected ${ROLE_RULE}`],
  ['user with pg_ prefix', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'pg_bouncer' }), undefined,
    'connectionPooler.user: \'pg_bouncer\' is not valid; expected a role name not starting with pg_ (reserved by PostgreSQL)'],
  ['cross-namespace user', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.user'], pooler({ user: 'ops.pooler' }), undefined,
    'connectionPooler.user: \'ops.pooler\' is not valid; expected a role name without . (ns.name is the cross-namespace form of users)'],
  ['user also declared in users', ['PostgresClusterProps.connectionPooler', 'PostgresClusterProps.users', 'ConnectionPoolerDefaults.user'], { ...pooler({ user: 'bouncer' }), users: { bouncer: [] } }, undefined,
    'users[\'bouncer\'] and connectionPooler.user: both define the role \'bouncer\'; rename one of them'],
  ['user generated by a prepared database', ['PostgresClusterProps.connectionPooler', 'PostgresClusterProps.preparedDatabases', 'ConnectionPoolerDefaults.user'], { ...pooler({ user: 'shop_owner' }), preparedDatabases: { shop: {} } }, undefined,
    'preparedDatabases[\'shop\'] and connectionPooler.user: both define the role \'shop_owner\'; rename one of them'],
  ['user whose Secret collides with a user\'s', ['PostgresClusterProps.connectionPooler', 'PostgresClusterProps.users', 'ConnectionPoolerDefaults.user'], { ...pooler({ user: 'app_pool' }), users: { 'app-pool': [] } }, undefined,
    'users[\'app-pool\'] and connectionPooler.user: roles \'app-pool\' and \'app_pool\' both need the Secret '
    + '\'app-pool.acid-test.credentials.postgresql.acid.zalan.do\'; rename one of them'],
  ['schema public', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.schema'], pooler({ schema: 'public' }), undefined,
    'connectionPooler.schema: \'public\' is not valid; expected a schema of its own (not public, information_schema or pg_*)'],
  ['schema pg_catalog', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.schema'], pooler({ schema: 'pg_catalog' }), undefined,
    'connectionPooler.schema: \'pg_catalog\' is not valid; expected a schema of its own (not public, information_schema or pg_*)'],
  ['schema with upper case', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.schema'], pooler({ schema: 'Pooler' }), undefined, `connectionPooler.schema: 'Pooler' is not valid; expected ${SCHEMA_RULE}`],
  ['fleet schema with a dash', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.schema'], pooler({}), { connectionPooler: { schema: 'my-pooler' } },
    `fleet.connectionPooler.schema: 'my-pooler' is not valid; expected ${SCHEMA_RULE}`],
  ['zero CPU request', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.resources', 'PoolerResources.cpuRequest'], pooler({ resources: { cpuRequest: Cpu.millis(0) } }), undefined,
    'connectionPooler.resources.cpuRequest: \'0\' is not valid; expected a positive CPU quantity'],
  ['fractional millicores', ['PostgresClusterProps.connectionPooler', 'ConnectionPoolerDefaults.resources', 'PoolerResources.cpuLimit'], pooler({ resources: { cpuLimit: Cpu.millis(0.5) } }), undefined,
    'connectionPooler.resources.cpuLimit: \'0.5m\' is not valid; expected a whole number of millicores'],
  ['fleet zero memory limit', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.connectionPooler', 'ConnectionPoolerDefaults.resources', 'PoolerResources.memoryLimit'], pooler({}), { connectionPooler: { resources: { memoryLimit: Size.kibibytes(0) } } },
    'fleet.connectionPooler.resources.memoryLimit: \'0 bytes\' is not valid; expected a positive size'],
  ['cluster labels without application', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.clusterLabels'], pooler({}), { clusterLabels: { 'db-cluster': 'spilo' } },
    'fleet.clusterLabels: {"db-cluster":"spilo"} is not valid; expected cluster labels with an application key other than db-connection-pooler '
    + 'when a connection pooler is enabled: pooler pods get the cluster labels with application: db-connection-pooler, so they would '
    + 'otherwise match the database Services and Patroni\'s member list'],
  ['cluster labels with the pooler\'s application', ['PostgresClusterProps.fleet', 'FleetDefaultsProps.clusterLabels'], pooler({ replica: true }), { clusterLabels: { application: 'db-connection-pooler' } },
    'fleet.clusterLabels: {"application":"db-connection-pooler"} is not valid; expected cluster labels with an application key other than '
    + 'db-connection-pooler when a connection pooler is enabled: pooler pods get the cluster labels with application: db-connection-pooler, '
    + 'so they would otherwise match the database Services and Patroni\'s member list'],
  ['a standby cluster: the sync Job cannot run', ['PostgresClusterProps.connectionPooler', 'PostgresClusterProps.standby'], { ...pooler({}), standby: StandbySource.fromPrimary({ host: 'acid-source.db.svc' }) }, undefined,
    'connectionPooler, standby: a standby cluster is read-only, so the sync Job cannot create the pooler role and its lookup function; '
    + 'add the pooler to the source cluster, or after promoting the standby'],
];

export const rows: BadInputRow[] = ROWS.map(([title, covers, props, fleet, message]) =>
  row(title, covers, () => ({ props, fleet }), exactly(message)));
