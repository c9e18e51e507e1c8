import { buildPooler, CLUSTER, envPairs, POOLER_SECRET, REPLICA_POOLER } from './fixtures';
import { PoolMode } from '../../src';
import { poolSizes } from '../../src/resolve/pooler-settings';
import { construct } from '../cluster/fixtures';

describe('connection pooler env', () => {
  test('the operator\'s order and values with every default (reference §3.5)', () => {
    // GIVEN / WHEN
    const { container } = buildPooler();

    // THEN
    expect(envPairs(container)).toEqual([
      ['PGHOST', CLUSTER],
      ['PGPORT', '5432'],
      ['PGUSER', `secret:${POOLER_SECRET}/username`],
      ['PGSCHEMA', 'pooler'],
      ['PGPASSWORD', `secret:${POOLER_SECRET}/password`],
      ['CONNECTION_POOLER_PORT', '5432'],
      ['CONNECTION_POOLER_MODE', 'transaction'],
      ['CONNECTION_POOLER_DEFAULT_SIZE', '15'],
      ['CONNECTION_POOLER_MIN_SIZE', '7'],
      ['CONNECTION_POOLER_RESERVE_SIZE', '7'],
      ['CONNECTION_POOLER_MAX_CLIENT_CONN', '10000'],
      ['CONNECTION_POOLER_MAX_DB_CONN', '30'],
    ]);
  });

  test('the replica pooler connects to <c>-repl with the same credentials', () => {
    // GIVEN / WHEN
    const { container } = buildPooler({ replica: true }, {}, undefined, REPLICA_POOLER);

    // THEN
    expect(envPairs(container).slice(0, 5)).toEqual([
      ['PGHOST', `${CLUSTER}-repl`],
      ['PGPORT', '5432'],
      ['PGUSER', `secret:${POOLER_SECRET}/username`],
      ['PGSCHEMA', 'pooler'],
      ['PGPASSWORD', `secret:${POOLER_SECRET}/password`],
    ]);
  });

  test('mode, schema and user from the cluster over the fleet; the user names the Secret (_ becomes -)', () => {
    // GIVEN / WHEN
    const fleet = buildPooler({}, {}, { connectionPooler: { mode: PoolMode.SESSION, schema: 'pgb', user: 'pgb_auth' } });
    const own = buildPooler({ mode: PoolMode.TRANSACTION, schema: 'lookup', user: 'bouncer' }, {},
      { connectionPooler: { mode: PoolMode.SESSION, schema: 'pgb', user: 'pgb_auth' } });

    // THEN
    const pick = (c: any, ...n: string[]) => envPairs(c).filter(([k]) => n.includes(k));
    expect(pick(fleet.container, 'PGUSER', 'PGSCHEMA', 'CONNECTION_POOLER_MODE')).toEqual([
      ['PGUSER', 'secret:pgb-auth.acid-test.credentials.postgresql.acid.zalan.do/username'],
      ['PGSCHEMA', 'pgb'],
      ['CONNECTION_POOLER_MODE', 'session'],
    ]);
    expect(pick(own.container, 'PGUSER', 'PGSCHEMA', 'CONNECTION_POOLER_MODE')).toEqual([
      ['PGUSER', 'secret:bouncer.acid-test.credentials.postgresql.acid.zalan.do/username'],
      ['PGSCHEMA', 'lookup'],
      ['CONNECTION_POOLER_MODE', 'transaction'],
    ]);
  });

  /**
   * [instances, maxDBConnections, MAX_DB_CONN, DEFAULT_SIZE, MIN_SIZE, RESERVE_SIZE], computed by hand with the
   * operator's Go integer division: MAX_DB_CONN = max / instances, DEFAULT = MAX_DB_CONN / 2, MIN = DEFAULT / 2, RESERVE = MIN.
   */
  const table: Array<[number, number, number, number, number, number]> = [
    [1, 60, 60, 30, 15, 15],
    [2, 60, 30, 15, 7, 7],
    [3, 60, 20, 10, 5, 5],
    [4, 60, 15, 7, 3, 3],
    [7, 60, 8, 4, 2, 2],
    [1, 100, 100, 50, 25, 25],
    [2, 100, 50, 25, 12, 12],
    [3, 100, 33, 16, 8, 8],
    [4, 100, 25, 12, 6, 6],
    [7, 100, 14, 7, 3, 3],
    [1, 13, 13, 6, 3, 3],
    [2, 13, 6, 3, 1, 1],
    [3, 13, 4, 2, 1, 1],
    [4, 13, 3, 1, 0, 0],
    [1, 2, 2, 1, 0, 0],
    [5, 1000, 200, 100, 50, 50],
  ];

  test.each(table)('%i instances, maxDBConnections %i: MAX_DB_CONN %i, DEFAULT %i, MIN %i, RESERVE %i', (instances, max, maxDb, def, min, reserve) => {
    // GIVEN / WHEN
    const { container, deployment } = buildPooler({ instances, maxDBConnections: max });

    // THEN
    const env = Object.fromEntries(envPairs(container));
    expect([env.CONNECTION_POOLER_MAX_DB_CONN, env.CONNECTION_POOLER_DEFAULT_SIZE, env.CONNECTION_POOLER_MIN_SIZE,
      env.CONNECTION_POOLER_RESERVE_SIZE]).toEqual([maxDb, def, min, reserve].map(String));
    expect(deployment.spec.replicas).toBe(instances);
    expect(poolSizes(max, instances)).toEqual({ maxDbConnections: maxDb, defaultSize: def, minSize: min, reserveSize: reserve });
  });

  test.each([[7, 13], [3, 5], [2, 3], [1, 1]])('%i instances with maxDBConnections %i would give DEFAULT_SIZE 0: an error', (instances, max) => {
    // GIVEN / WHEN / THEN
    expect(() => construct({ connectionPooler: { instances, maxDBConnections: max } })).toThrow(
      `connectionPooler.maxDBConnections: ${max} is not valid; expected at least 2 × instances (${2 * instances}), so that each of the `
      + `${instances} PgBouncer instances gets a pool of at least one server connection (the operator would render CONNECTION_POOLER_DEFAULT_SIZE=0)`);
  });

  test('the fleet\'s instances and maxDBConnections divide as well', () => {
    // GIVEN / WHEN
    const { container } = buildPooler({}, {}, { connectionPooler: { instances: 3, maxDBConnections: 90 } });

    // THEN
    expect(Object.fromEntries(envPairs(container)).CONNECTION_POOLER_MAX_DB_CONN).toBe('30');
  });
});
