// What a TLS client of PostgreSQL sees: the certificate a server presents on a new connection, and a session held
// open across a change on the server. Both run in the tier's client pod.
import { randomBytes } from 'crypto';
import { CLIENT_POD, Login } from './psql';
import { RunningTarget } from './target';

/**
 * The serial (hex, upper case) of the certificate `host` presents on a new connection, verified as libpq's
 * sslmode=verify-full verifies it (the CA file, the host name); a failed verification rejects.
 */
export async function servedSerial(target: RunningTarget, ns: string, host: string, caFile: string, port = 5432): Promise<string> {
  const script = 'set -eo pipefail; pem=$(openssl s_client -starttls postgres -connect "$H:$N" -servername "$H" -verify_hostname "$H" '
    + '-CAfile "$A" -verify_return_error </dev/null 2>/tmp/s_client.err) || { cat /tmp/s_client.err >&2; exit 1; }; '
    + 'printf "%s\\n" "$pem" | openssl x509 -noout -serial';
  const out = await target.kubectl(['exec', '-n', ns, CLIENT_POD, '--', 'env', `H=${host}`, `N=${port}`, `A=${caFile}`,
    'bash', '-c', script]);
  return out.trim().replace(/^serial=/, '').toUpperCase();
}

/**
 * One psql session in the client pod, kept open between queries: it reads from a FIFO that a sleeping writer holds
 * open, and each query writes its result to a file of its own (written by psql's \g, then renamed: complete when seen).
 */
export class HeldSession {
  public static async open(target: RunningTarget, ns: string, login: Login): Promise<HeldSession> {
    const session = new HeldSession(target, ns, `/tmp/held-${randomBytes(3).toString('hex')}`);
    const conninfo = `host=${login.host} port=${login.port ?? 5432} user=${login.user} dbname=${login.database ?? 'postgres'} `
      + `${login.sslRootCert ? `sslmode=verify-full sslrootcert=${login.sslRootCert}` : 'sslmode=require'} connect_timeout=5`;
    const d = session.dir;
    await target.kubectl(['exec', '-n', ns, CLIENT_POD, '--', 'env', `D=${d}`, `C=${conninfo}`, `PGPASSWORD=${login.password}`, 'bash', '-c',
      'mkdir -p "$D" && mkfifo "$D/in" && { nohup sleep 3600 > "$D/in" 2>/dev/null & echo $! > "$D/writer.pid"; } '
      + '&& { nohup psql -X -q -tA -v ON_ERROR_STOP=1 "$C" < "$D/in" > "$D/log" 2>&1 & }']);
    return session;
  }

  private queries = 0;
  private constructor(private readonly target: RunningTarget, private readonly ns: string, private readonly dir: string) {}

  /** Runs one statement (no trailing semicolon) in the session; returns psql's unaligned, tuples-only output. */
  public async query(sql: string, timeoutMs = 30_000): Promise<string> {
    const out = `${this.dir}/q${++this.queries}`;
    await this.target.kubectl(['exec', '-i', '-n', this.ns, CLIENT_POD, '--', 'sh', '-c', `cat > ${this.dir}/in`],
      { input: `${sql} \\g ${out}.part\n\\! mv ${out}.part ${out}\n` });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.target.kubectl(['exec', '-n', this.ns, CLIENT_POD, '--', 'sh', '-c',
        `if [ -e ${out} ]; then echo done; cat ${out}; elif [ -s ${this.dir}/log ]; then echo failed; cat ${this.dir}/log; fi`]);
      if (r.startsWith('done\n')) return r.slice(5).trim();
      if (r.startsWith('failed\n')) throw new Error(`held session: ${r.slice(7).trim()}`);
      if (Date.now() > deadline) throw new Error(`held session: no answer to ${sql} in ${timeoutMs / 1000} s`);
      await new Promise(ok => setTimeout(ok, 300));
    }
  }

  /** Ends the session: psql quits, the writer holding the FIFO open is stopped. */
  public async close(): Promise<void> {
    await this.target.kubectl(['exec', '-i', '-n', this.ns, CLIENT_POD, '--', 'sh', '-c', `cat > ${this.dir}/in`], { input: '\\q\n' });
    await this.target.kubectl(['exec', '-n', this.ns, CLIENT_POD, '--', 'sh', '-c', `kill $(cat ${this.dir}/writer.pid); rm -rf ${this.dir}`]);
  }
}
