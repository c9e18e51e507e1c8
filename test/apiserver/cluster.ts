// Starts a real etcd + kube-apiserver on loopback for the API-server test tier, and always tears them down.
// Binaries come from scripts/kube/build.sh (built from the Go module proxy into a cache outside the repo).
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import { createServer } from 'net';
import { homedir, tmpdir } from 'os';
import { join, resolve } from 'path';
import { writeKubeconfig } from './kubeconfig';
import { createPki } from './pki';

const REPO = resolve(__dirname, '..', '..');
const TMP_PREFIX = 'cdk8s-pg-kube-';

export interface LocalCluster {
  readonly version: string;
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

/** KUBE_VERSION may be x.y.z or x.y (matched against scripts/kube/versions.sh); default: the oldest listed. */
export function resolveKubeVersion(requested = process.env.KUBE_VERSION): string {
  const file = readFileSync(join(REPO, 'scripts', 'kube', 'versions.sh'), 'utf8');
  const known = (/KUBE_VERSIONS_DEFAULT="([^"]*)"/.exec(file)?.[1] ?? '').split(/\s+/).filter(Boolean);
  if (!requested) return known[0];
  const want = requested.replace(/^v/, '');
  if (/^\d+\.\d+\.\d+$/.test(want)) return want;
  const match = known.find(v => v.startsWith(`${want}.`));
  if (!match) throw new Error(`KUBE_VERSION=${requested}: give x.y.z or one of the minors in versions.sh (${known})`);
  return match;
}

/** `extra`: components of build.sh beyond kube-apiserver and etcd that must be there too. */
function binDir(version: string, ...extra: string[]): string {
  if (process.env.KUBE_BIN_DIR) return process.env.KUBE_BIN_DIR;
  const cache = process.env.CDK8S_PG_CACHE ?? join(homedir(), '.cache', 'cdk8s-postgres');
  const dir = join(cache, 'kube', version, 'bin');
  if (['kube-apiserver', 'etcd', ...extra].some(c => !existsSync(join(dir, c)))) {
    // Cold build is minutes; scripts/kube/test-tier.sh builds before jest so this is only a fallback.
    const r = spawnSync('bash', [join(REPO, 'scripts', 'kube', 'build.sh'), version, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`scripts/kube/build.sh ${version} ${extra.join(' ')} failed (exit ${r.status})`);
  }
  return dir;
}

/** A free TCP port on 127.0.0.1 (also used by the running-cluster tier). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

// The wrapper stops the server when its stdin closes, i.e. when this node process ends for any reason
// (even SIGKILL of jest), so a crashed test run never leaves etcd or kube-apiserver behind. SIGKILL follows
// after 10 s: kube-apiserver's graceful shutdown hangs when etcd has already gone.
const SUPERVISE = `exec 3<&0 0</dev/null
"$@" & c=$!
end() { kill -TERM $c 2>/dev/null; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 $c 2>/dev/null || return; sleep 1; done; kill -KILL $c 2>/dev/null; }
{ cat <&3 >/dev/null; end; } &
exec 3<&-
trap 'end &' TERM INT
s=0; while kill -0 $c 2>/dev/null; do wait $c; s=$?; done
exit $s`;

function supervise(bin: string, args: string[], log: string): ChildProcess {
  const fd = openSync(log, 'a');
  return spawn('bash', ['-c', SUPERVISE, 'supervise', bin, ...args], { stdio: ['pipe', fd, fd] });
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>(ok => p.once('exit', () => ok()));
  p.stdin?.end();
  const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

export interface Component {
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * One more component of `version` (e.g. kube-controller-manager for one test file), built if missing and supervised
 * like etcd and kube-apiserver: it also stops when this process ends, however it ends.
 */
export function startComponent(version: string, component: string, args: string[], log: string): Component {
  const p = supervise(join(binDir(version, component), component), args, log);
  const onExit = () => p.kill('SIGTERM');
  process.once('exit', onExit);
  return { process: p, stop: async () => { process.removeListener('exit', onExit); await stopProcess(p); } };
}

/** Polls url until it answers 200, the process dies, or the deadline passes. */
async function waitReady(url: string, opts: https.RequestOptions, proc: ChildProcess, log: string, ms: number) {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    last = await new Promise<string>(ok => {
      const mod = url.startsWith('https:') ? https : http;
      const req = mod.get(url, { ...opts, timeout: 2000 }, res => {
        let body = '';
        res.on('data', d => body += d);
        res.on('end', () => ok(res.statusCode === 200 ? 'OK' : `${res.statusCode} ${body.slice(0, 300)}`));
      });
      req.on('error', e => ok(String(e)));
      req.on('timeout', () => req.destroy(new Error('timeout')));
    });
    if (last === 'OK') return;
    await new Promise(r => setTimeout(r, 250));
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`${url} not ready (last: ${last}; exit ${proc.exitCode})\n--- ${log} (tail) ---\n${tail}`);
}

/** Removes temp dirs (named `<prefix>*`, with an owner.pid file) of earlier runs whose owner no longer exists. */
export function removeStaleDirs(prefix = TMP_PREFIX): void {
  for (const name of readdirSync(tmpdir()).filter(n => n.startsWith(prefix))) {
    const dir = join(tmpdir(), name);
    try {
      const pid = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      try { process.kill(pid, 0); continue; } catch { /* owner gone */ }
      rmSync(dir, { recursive: true, force: true });
    } catch { /* not ours or racing another cleanup */ }
  }
}

export async function startLocalCluster(version = resolveKubeVersion()): Promise<LocalCluster> {
  const bin = binDir(version);
  removeStaleDirs();
  const dir = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const procs: ChildProcess[] = [];
  const keep = process.env.CDK8S_PG_KEEP_KUBE === '1';
  // Last resort on abrupt exit: kill is synchronous, so it works inside an 'exit' handler.
  const onExit = () => {
    procs.forEach(p => p.kill('SIGTERM'));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    for (const p of [...procs].reverse()) await stopProcess(p);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const etcdLog = join(dir, 'etcd.log');
    procs.push(supervise(join(bin, 'etcd'), [
      '--name=test', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=test=${peerUrl}`,
      // Throwaway data: fsync only slows the test down.
      '--unsafe-no-fsync',
    ], etcdLog));
    await waitReady(`${etcdUrl}/health`, {}, procs[0], etcdLog, 30_000);

    const pki = createPki(dir);
    const apiLog = join(dir, 'kube-apiserver.log');
    mkdirSync(join(dir, 'certs'));
    procs.push(supervise(join(bin, 'kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'certs')}`,
      `--tls-cert-file=${pki.servingCert}`, `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCert}`, `--token-auth-file=${pki.tokenFile}`,
      // Same authorizers as kubeadm clusters; RBAC is what our Roles/RoleBindings are checked against.
      '--authorization-mode=Node,RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPublicKey}`, `--service-account-signing-key-file=${pki.saPrivateKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // kubeadm, kind and managed clusters allow privileged pods; without it validation differs from them.
      '--allow-privileged=true',
      '--profiling=false',
    ], apiLog));
    const ca = readFileSync(pki.caCert);
    const server = `https://127.0.0.1:${apiPort}`;
    await waitReady(`${server}/readyz`, { ca, headers: { Authorization: `Bearer ${pki.adminToken}` } },
      procs[1], apiLog, 120_000);
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, server, pki.caCert, pki.adminToken);
    return { version, kubeconfig, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
