/*
 * A throw-away PostgreSQL server per test file: initdb + start on a random loopback port in a temp
 * dir, with psql (15+, from PATH) as the client. Binaries come from scripts/postgres/install.sh.
 * PostgreSQL refuses to run as root; as root the server runs inside a user namespace that maps
 * the caller to uid 65534 (unshare), so its files stay root's outside, /root stays readable and
 * cleanup needs no chown. Every server writes all statements to its log (log_statement = all) so
 * tests can prove what the sync script keeps out of it.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { homedir, tmpdir } from 'os';
import { join } from 'path';

export const PG_MAJORS = (process.env.PG_MAJORS ?? '13 14 15 16 17 18').split(/\s+/).filter(Boolean).map(Number);

export function binDir(major: number): string {
  const cache = process.env.CDK8S_PG_CACHE ?? join(homedir(), '.cache', 'cdk8s-postgres');
  const dir = join(cache, 'postgres', String(major), 'bin');
  if (!existsSync(join(dir, 'postgres'))) throw new Error(`PostgreSQL ${major} is not installed in ${dir}: run scripts/postgres/install.sh`);
  return dir;
}

/** Finds a free loopback port; the server start retries on the rare race. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PsqlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class PgServer {
  public static async start(major: number): Promise<PgServer> {
    const dir = mkdtempSync(join(tmpdir(), `cdk8s-pg${major}-`));
    try {
      const server = new PgServer(major, dir, await freePort());
      server.init();
      server.startServer();
      return server;
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  public readonly data: string;
  public readonly log: string;
  private readonly bin: string;

  private constructor(public readonly major: number, public readonly dir: string, public readonly port: number) {
    this.bin = binDir(major);
    this.data = join(dir, 'data');
    this.log = join(dir, 'server.log');
  }

  /** Runs psql as the superuser over the Unix socket (trusted), with extra env for the script. */
  public psql(args: string[], env: Record<string, string> = {}, database = 'postgres'): PsqlResult {
    const r = spawnSync('psql', ['-X', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', database, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', ...env }, encoding: 'utf8', timeout: 120_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Runs a file with the sync Job's flags. */
  public runScript(file: string, env: Record<string, string>): PsqlResult {
    return this.psql(['-v', 'ON_ERROR_STOP=1', '-f', file], env);
  }

  /** Rows of a query as objects (through json_agg, so types survive). */
  public query<T = Record<string, any>>(sql: string, database = 'postgres'): T[] {
    const r = this.psql(['-v', 'ON_ERROR_STOP=1', '-qAt', '-c', `SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q`], {}, database);
    if (r.status !== 0) throw new Error(`query failed: ${r.stderr}\n${sql}`);
    return JSON.parse(r.stdout);
  }

  public exec(sql: string, database = 'postgres'): void {
    const r = this.psql(['-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {}, database);
    if (r.status !== 0) throw new Error(`statement failed: ${r.stderr}\n${sql}`);
  }

  /** Logs in as `user` with a password over TCP (scram-sha-256 in pg_hba). */
  public login(user: string, password: string, database: string, sql = 'SELECT current_user'): PsqlResult {
    const r = spawnSync('psql', ['-X', '-qAt', '-h', '127.0.0.1', '-p', String(this.port), '-U', user, '-d', database, '-w', '-c', sql], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, encoding: 'utf8', timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  }

  public serverLog(): string {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
  }

  public stop(): void {
    try {
      this.ctl(['stop', '-D', this.data, '-m', 'fast', '-w', '-t', '30']);
    } catch {
      this.killPostmaster();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /**
   * Restarts the (cleanly stopped) server as a hot standby without a primary: it stays in recovery
   * and accepts read-only connections, which is what the sync Job would meet on a replica.
   */
  public restartAsStandby(): void {
    this.ctl(['stop', '-D', this.data, '-m', 'fast', '-w', '-t', '30']);
    writeFileSync(join(this.data, 'standby.signal'), '');
    this.startServer();
  }

  private init(): void {
    this.run(join(this.bin, 'initdb'), ['-D', this.data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync',
      '--auth-local=trust', '--auth-host=scram-sha-256']);
    // The superuser over the socket without a password; everybody else with SCRAM, as on Spilo.
    writeFileSync(join(this.data, 'pg_hba.conf'), [
      'local all postgres trust',
      'local all all scram-sha-256',
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'));
  }

  private startServer(): void {
    const options = [
      `-p ${this.port}`, `-k ${this.dir}`, "-c listen_addresses='127.0.0.1'",
      // Prove the script's own session settings: the server logs every statement and every error's text.
      '-c log_statement=all', '-c log_min_duration_statement=0', '-c log_min_error_statement=debug5',
      '-c log_connections=on', "-c log_line_prefix='%m [%p] %u@%d '",
      // Test speed on 2 cores: no fsync (CREATE DATABASE copies template1), small memory.
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=16MB', '-c max_connections=30',
    ].join(' ');
    this.ctl(['start', '-D', this.data, '-w', '-t', '60', '-l', this.log, '-o', options]);
  }

  private ctl(args: string[]): void {
    this.run(join(this.bin, 'pg_ctl'), args);
  }

  /** As root, runs the binary inside a user namespace as uid 65534 (PostgreSQL refuses euid 0). */
  private run(cmd: string, args: string[]): SpawnSyncReturns<string> {
    const [file, argv] = process.getuid?.() === 0
      ? ['unshare', ['--user', '--map-user=65534', '--map-group=65534', '--', cmd, ...args]]
      : [cmd, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
    if (r.status !== 0) {
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}\n${this.serverLog().slice(-2000)}`);
    }
    return r;
  }

  private killPostmaster(): void {
    const pidFile = join(this.data, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch { /* already gone */ }
  }
}
