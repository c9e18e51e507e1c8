// A Spilo member's postgres crontab, read and run as its cron would: a scenario runs a job's own command line at
// once instead of waiting for its schedule.
import { RunningTarget } from './target';

const CRONTAB = '/run/cron/crontabs/postgres';

export interface CronLine {
  /** The five schedule fields, as written. */
  readonly schedule: string;
  readonly command: string;
}

/** The member's crontab line that runs `script`. */
export async function cronLine(target: RunningTarget, ns: string, pod: string, script: string): Promise<CronLine> {
  const crontab = await target.kubectl(['exec', '-n', ns, pod, '-c', 'postgres', '--', 'cat', CRONTAB]);
  const line = crontab.split('\n').find(l => l.includes(script));
  if (!line) throw new Error(`no crontab line for ${script} in ${ns}/${pod}:\n${crontab}`);
  const fields = line.trim().split(/\s+/);
  return { schedule: fields.slice(0, 5).join(' '), command: fields.slice(5).join(' ') };
}

/** Runs a shell command in the member as postgres with the env cron gives its jobs (env -i, the crontab's PATH);
 * returns its output, stderr included. */
export async function runAsCron(target: RunningTarget, ns: string, pod: string, command: string, timeoutMs = 120_000): Promise<string> {
  const wrapped = 'if [ "$(id -u)" = 0 ]; then exec runuser -u postgres -- env -i HOME=/home/postgres PATH="$P" sh -c "$C"; '
    + 'else exec env -i HOME=/home/postgres PATH="$P" sh -c "$C"; fi';
  const path = (await target.kubectl(['exec', '-n', ns, pod, '-c', 'postgres', '--', 'sed', '-n', 's/^PATH=//p', CRONTAB])).trim();
  return target.kubectl(['exec', '-n', ns, pod, '-c', 'postgres', '--', 'env', `P=${path}`, `C=${command} 2>&1`, 'sh', '-c', wrapped],
    { timeoutMs });
}

/** SHA-256 of a file in the member's postgres container (what kubelet wrote there). */
export async function fileDigest(target: RunningTarget, ns: string, pod: string, path: string): Promise<string> {
  return (await target.kubectl(['exec', '-n', ns, pod, '-c', 'postgres', '--', 'sha256sum', path])).split(/\s+/)[0];
}
