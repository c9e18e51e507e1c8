/*
 * End to end with a real PgBouncer (from PATH; `apt-get install pgbouncer` on Debian): the sync
 * script's pooler role and lookup function, the userlist.txt the init container's script renders
 * (passwords with " ' \ $ and spaces), and the operator image's pgbouncer.ini settings
 * (pooler/pgbouncer.ini.tmpl: auth_user, auth_file, auth_query, auth_type md5, transaction mode).
 * TLS is left out (the image generates a certificate at start); auth_dbname = postgres is set
 * when the PgBouncer is new enough (1.19), otherwise auth_query runs in each client's database.
 * Skipped, with a notice, when no pgbouncer binary is installed.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { connect } from 'net';
import { join } from 'path';
import { envOf, model, passwords, runSync, SPILO_ROLES } from './fixtures';
import { freePort, PG_MAJORS, PgServer } from './server';
import { USERLIST_SCRIPT } from '../../src/pooler/private/userlist';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find(existsSync);
const version = PGBOUNCER ? /PgBouncer (\d+)\.(\d+)/.exec(spawnSync(PGBOUNCER, ['--version'], { encoding: 'utf8' }).stdout) : null;
const hasAuthDbname = version !== null && (Number(version[1]) > 1 || Number(version[2]) >= 19);
if (!PGBOUNCER) console.warn('pgbouncer.postgres.test.ts: no pgbouncer binary; install it (apt-get install pgbouncer) to run this test');

const m = model({
  cluster: 'acid-pgb', namespace: 'apps', users: { app_user: [] }, databases: { app: 'app_user' }, pooler: { user: 'pooler', schema: 'pooler' },
});
const pw = passwords(m);

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>(resolve => {
      const s = connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`pgbouncer did not listen on ${port}`);
}

(PGBOUNCER ? describe.each(PG_MAJORS) : describe.skip.each(PG_MAJORS))('PgBouncer in front of PostgreSQL %i', major => {
  let pg: PgServer;
  let bouncer: ChildProcess;
  let port: number;

  beforeAll(async () => {
    pg = await PgServer.start(major);
    pg.exec(SPILO_ROLES);
    expect(runSync(pg, m, envOf(m, pw)).status).toBe(0);
    const userlist = join(pg.dir, 'userlist.txt');
    const r = spawnSync('/bin/sh', ['-c', USERLIST_SCRIPT, 'userlist', userlist], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGUSER: 'pooler', PGPASSWORD: pw.pooler }, encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    port = await freePort();
    const ini = join(pg.dir, 'pgbouncer.ini');
    writeFileSync(ini, [
      '[databases]',
      `* = host=127.0.0.1 port=${pg.port} auth_user=pooler`,
      `postgres = host=127.0.0.1 port=${pg.port} auth_user=pooler`,
      '[pgbouncer]',
      'pool_mode = transaction',
      `listen_port = ${port}`,
      'listen_addr = 127.0.0.1',
      'unix_socket_dir =',
      'admin_users = pooler',
      ...(hasAuthDbname ? ['auth_dbname = postgres'] : []),
      `auth_file = ${userlist}`,
      'auth_query = SELECT * FROM pooler.user_lookup($1)',
      'auth_type = md5',
      `logfile = ${pg.dir}/pgbouncer.log`,
      `pidfile = ${pg.dir}/pgbouncer.pid`,
      'default_pool_size = 15',
      'reserve_pool_size = 7',
      'max_client_conn = 100',
      'max_db_connections = 30',
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'));
    // PgBouncer refuses to run as root: as root, inside a user namespace as the PostgreSQL harness does.
    bouncer = process.getuid?.() === 0
      ? spawn('unshare', ['--user', '--map-user=65534', '--map-group=65534', '--', PGBOUNCER!, ini], { stdio: 'ignore' })
      : spawn(PGBOUNCER!, [ini], { stdio: 'ignore' });
    await waitForPort(port);
  });
  afterAll(() => {
    bouncer?.kill();
    pg?.stop();
  });

  const through = (user: string, password: string, db: string) => {
    const r = spawnSync('psql', ['-X', '-qAt', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-w', '-c',
      "SELECT current_user || '@' || current_database()"], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, encoding: 'utf8', timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  };

  test('an application role logs in through PgBouncer: auth_user from the rendered userlist, its verifier from user_lookup', () => {
    expect(through('app_user', pw.app_user, 'app')).toMatchObject({ status: 0, stdout: 'app_user@app' });
    expect(through('app_user', pw.app_user, 'postgres')).toMatchObject({ status: 0, stdout: 'app_user@postgres' });
  });

  test('a wrong password is refused', () => {
    expect(through('app_user', `${pw.app_user}x`, 'app')).toMatchObject({ status: 2, stderr: expect.stringContaining('authentication failed') });
  });

  test('the pooler role itself logs in with the password from userlist.txt', () => {
    expect(through('pooler', pw.pooler, 'app')).toMatchObject({ status: 0, stdout: 'pooler@app' });
  });

  test('PgBouncer never logged a password', () => {
    const log = readFileSync(join(pg.dir, 'pgbouncer.log'), 'utf8');
    for (const p of Object.values(pw)) expect(log).not.toContain(p.slice(-20));
  });
});
