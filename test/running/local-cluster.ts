// Starts a real multi-node Kubernetes cluster for the running-cluster tier (scripts/cluster/run.sh) and always
// tears it down. Everything runs in namespaces of its own; the host sees only a port forward on 127.0.0.1.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { freePort, removeStaleDirs } from '../apiserver/cluster';

const REPO = resolve(__dirname, '..', '..');
const SCRIPTS = join(REPO, 'scripts', 'cluster');
export const TMP_PREFIX = 'cdk8s-pg-cluster-';

export interface Artifacts {
  readonly kubeBin: string;
  readonly coredns: string;
  readonly images: string;
}

/** Builds or reuses the binaries and images (scripts/cluster/build.sh); cold, this takes many minutes. */
export function buildArtifacts(): Artifacts {
  const out = execFileSync('bash', [join(SCRIPTS, 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const value = (key: string) => {
    const m = new RegExp(`^${key}=(.*)$`, 'm').exec(out);
    if (!m) throw new Error(`scripts/cluster/build.sh printed no ${key}= line:\n${out}`);
    return m[1];
  };
  return { kubeBin: value('KUBE_BIN'), coredns: value('COREDNS'), images: value('IMAGES') };
}

export interface LocalCluster {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly nodes: number;
  readonly artifacts: Artifacts;
  /** Host PID of a process inside node n's network and mount namespaces (for nsenter). */
  nodePid(n: number): number;
  stop(): Promise<void>;
}

function tail(file: string, lines = 40): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no file)';
}

export async function startLocalCluster(nodes = 3): Promise<LocalCluster> {
  const artifacts = buildArtifacts();
  removeStaleDirs(TMP_PREFIX);
  const dir = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  // Owned from the start (run.sh then writes its own PID), so a run starting beside it never takes it for stale.
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const keep = process.env.CDK8S_PG_KEEP_CLUSTER === '1';
  const port = await freePort();
  // stdin is the lifeline: when this process ends however it ends, the pipe closes and the cluster stops.
  const proc: ChildProcess = spawn('bash', [join(SCRIPTS, 'run.sh'), dir, String(nodes), String(port),
    artifacts.kubeBin, artifacts.coredns, artifacts.images], { stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<void>(ok => proc.once('exit', () => ok()));
  const onExit = () => proc.kill('SIGTERM');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    proc.stdin?.end();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  // Beyond init.sh's own waits (nodes 600 s, then Ready 180 s), so that its message names what was late.
  const deadline = Date.now() + 900_000;
  while (!existsSync(join(dir, 'ready'))) {
    const failed = existsSync(join(dir, 'failed')) || proc.exitCode !== null || Date.now() > deadline;
    if (failed) {
      const why = existsSync(join(dir, 'failed')) ? readFileSync(join(dir, 'failed'), 'utf8') : `exit ${proc.exitCode}`;
      const logs = ['init', ...Array.from({ length: nodes }, (_, i) => `node${i + 1}`)]
        .map(l => `--- ${l}.log ---\n${tail(join(dir, 'logs', `${l}.log`))}`).join('\n');
      await stop();
      throw new Error(`test cluster did not start: ${why}\n${logs}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const nodePid = (n: number) => {
    // node.sh's own process: its argv names the run directory and the node number.
    const out = execFileSync('pgrep', ['-o', '-f', `node\\.sh ${dir} ${n} `], { encoding: 'utf8' }).trim().split('\n');
    return Number(out[0]);
  };
  return { dir, kubeconfig: join(dir, 'kubeconfig'), nodes, artifacts, nodePid, stop };
}
