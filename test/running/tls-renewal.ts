// A certificate renewal on a running cluster, step by step as it happens with cert-manager: the Secret gets a new
// certificate and key, kubelet updates the mounted files in every member, Spilo's SSL reload test (a crontab line)
// reloads PostgreSQL, and new connections get the new certificate while open sessions carry on.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { step, until } from './live';
import { cronLine, fileDigest, runAsCron } from './member-cron';
import { Login, secretValue } from './psql';
import { renewCertificate } from './stand-ins';
import { RunningTarget } from './target';
import { HeldSession, servedSerial } from './tls-client';
import { Manifest } from '../apiserver/client';

const RELOAD_SCRIPT = 'reload_ssl.py';
const SSL_QUERY = 'SELECT pg_backend_pid(), ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

export interface RenewalOutcome {
  readonly oldSerial: string;
  readonly newSerial: string;
  /** What the primary Service presented before the renewal. */
  readonly servedBeforeRenewal: string;
  /** The reload test's crontab schedule, per member. */
  readonly schedules: Record<string, string>;
  /** Seconds from the Secret's update until the member's certificate file had the new content. */
  readonly fileUpdatedSeconds: Record<string, number>;
  /** What the primary Service presented once the files were new, before the crontab's command ran. */
  readonly servedBeforeReload: string;
  /** Who reloaded each member: the crontab's command run by the test, or cron itself when its minute came first. */
  readonly reloadedBy: Record<string, 'command' | 'cron' | 'nobody'>;
  readonly servedAfter: { readonly primary: string; readonly replica: string };
  /** The crontab's command run a second time (nothing changed since): its output per member. */
  readonly secondRun: Record<string, string>;
  /** A session opened before the renewal: backend pid and ssl, before and after. */
  readonly heldSession: { readonly before: string; readonly after: string };
  readonly seconds: number;
}

const serialOf = (pem: string) =>
  execFileSync('openssl', ['x509', '-noout', '-serial'], { input: pem, encoding: 'utf8' }).trim().replace(/^serial=/, '').toUpperCase();

/**
 * Renews `certificate` (a cert-manager Certificate the stand-in issued) under running `members` and follows it to
 * PostgreSQL. `clients.primary` logs in through the primary Service with verify-full (its sslRootCert in the client
 * pod); `replicaHost` is the replica Service's name.
 */
export async function renewalReachesPostgres(target: RunningTarget, ns: string, members: any[], certificate: Manifest,
  clients: { primary: Login; replicaHost: string }): Promise<RenewalOutcome> {
  const start = Date.now();
  const ca = clients.primary.sslRootCert!;
  const names: string[] = members.map(p => p.metadata.name);
  const certFile = members[0].spec.containers.find((c: any) => c.name === 'postgres').env
    .find((e: any) => e.name === 'SSL_CERTIFICATE_FILE').value as string;
  const oldSerial = serialOf(await secretValue(target, ns, certificate.spec.secretName, 'tls.crt'));
  const lines = Object.fromEntries(await Promise.all(names.map(async n => [n, await cronLine(target, ns, n, RELOAD_SCRIPT)] as const)));
  const servedBeforeRenewal = await servedSerial(target, ns, clients.primary.host, ca);
  const held = await HeldSession.open(target, ns, clients.primary);
  try {
    const before = await held.query(SSL_QUERY);

    const renewedAt = Date.now();
    const pem = await renewCertificate(target, certificate);
    const newSerial = serialOf(pem);
    const digest = createHash('sha256').update(pem).digest('hex');
    const fileUpdatedSeconds = Object.fromEntries(await Promise.all(names.map(async n => {
      await until(`${n}: kubelet writes the renewed certificate to ${certFile}`, 180_000, async () =>
        await fileDigest(target, ns, n, certFile) === digest ? true : undefined);
      return [n, (Date.now() - renewedAt) / 1000] as const;
    })));
    step(`certificate renewal: files updated after ${JSON.stringify(fileUpdatedSeconds)} s`);
    const servedBeforeReload = await servedSerial(target, ns, clients.primary.host, ca);

    const reloadedBy: Record<string, 'command' | 'cron' | 'nobody'> = {};
    for (const n of names) {
      const output = await runAsCron(target, ns, n, lines[n].command);
      step(`certificate renewal: ${n}: ${lines[n].command}: ${output.trim() || '(no output)'}`);
      if (/: reloaded\b/.test(output)) {
        reloadedBy[n] = 'command';
      } else {
        // Cron's own run at a multiple of 5 minutes may have come first: its output is in the container log.
        const log = await target.kubectl(['logs', '-n', ns, n, '-c', 'postgres', '--since=10m']);
        reloadedBy[n] = /reload_ssl: TLS files changed .*: reloaded\b/.test(log) ? 'cron' : 'nobody';
      }
    }
    // The postmaster reloads between connections: the first new one after the signal may still be on its way.
    const served = (host: string) => until(`${host} presents serial ${newSerial}`, 15_000, async () => {
      const s = await servedSerial(target, ns, host, ca);
      return s === newSerial ? s : undefined;
    }).catch(async () => servedSerial(target, ns, host, ca));
    const servedAfter = { primary: await served(clients.primary.host), replica: await served(clients.replicaHost) };
    const secondRun = Object.fromEntries(await Promise.all(names.map(async n =>
      [n, (await runAsCron(target, ns, n, lines[n].command)).trim()] as const)));
    const after = await held.query(SSL_QUERY);
    return {
      oldSerial,
      newSerial,
      servedBeforeRenewal,
      schedules: Object.fromEntries(names.map(n => [n, lines[n].schedule])),
      fileUpdatedSeconds,
      servedBeforeReload,
      reloadedBy,
      servedAfter,
      secondRun,
      heldSession: { before, after },
      seconds: (Date.now() - start) / 1000,
    };
  } finally {
    await held.close().catch(e => step(`held session: ${e}`));
  }
}
