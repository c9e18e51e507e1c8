/*
 * The exporter's query set on real PostgreSQL 13-18, on a primary and on a hot standby: every query
 * runs, returns the columns its metrics name, and the metric columns are numbers.
 */
import { EXPORTER_QUERIES } from '../../src/monitoring/exporter-queries';
import { PG_MAJORS, PgServer } from '../postgres/server';

/** Queries that return one row per server (the others one per standby, slot or database). */
const ONE_ROW = ['cdk8s_pg_role', 'cdk8s_pg_connections', 'cdk8s_pg_standby', 'cdk8s_pg_archiver', 'cdk8s_pg_vacuum_horizon'];

function check(pg: PgServer, role: string) {
  for (const q of EXPORTER_QUERIES) {
    let rows: Array<Record<string, unknown>>;
    try {
      rows = pg.query(q.query);
    } catch (e) {
      throw new Error(`${q.name} failed on PostgreSQL ${pg.major} (${role}): ${(e as Error).message}`);
    }
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(q.metrics.map(m => m.column).sort());
      for (const m of q.metrics) {
        const value = row[m.column];
        if (m.usage === 'LABEL') expect(typeof value).toBe('string');
        else expect(`${q.name}_${m.column}=${Number.isFinite(Number(value)) && value !== null}`).toBe(`${q.name}_${m.column}=true`);
      }
    }
    if (ONE_ROW.includes(q.name)) expect(rows).toHaveLength(1);
  }
}

describe.each(PG_MAJORS)('postgres_exporter query set on PostgreSQL %i', (major) => {
  let pg: PgServer;
  beforeAll(async () => {
    pg = await PgServer.start(major);
  });
  afterAll(() => pg?.stop());

  test('every query runs on a primary with a replication slot', () => {
    pg.exec("SELECT pg_create_physical_replication_slot('acid_test_1', true)");
    pg.exec('CREATE TABLE t (i int)');
    check(pg, 'primary');
    const slot = pg.query("SELECT * FROM (SELECT slot_name, slot_type, coalesce(wal_status, '') AS wal_status FROM pg_replication_slots) s");
    expect(slot).toEqual([{ slot_name: 'acid_test_1', slot_type: 'physical', wal_status: 'reserved' }]);
    const role = pg.query(EXPORTER_QUERIES.find(q => q.name === 'cdk8s_pg_role')!.query);
    expect(role).toEqual([{ is_primary: 1 }]);
  });

  test('every query runs on a hot standby (no pg_current_wal_lsn() there)', () => {
    pg.restartAsStandby();
    check(pg, 'standby');
    expect(pg.query(EXPORTER_QUERIES.find(q => q.name === 'cdk8s_pg_role')!.query)).toEqual([{ is_primary: 0 }]);
  });
});
