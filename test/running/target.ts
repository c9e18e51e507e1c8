// Which cluster the running tier uses: the local multi-node cluster global-setup.ts started, or the user's
// cluster when KUBECONFIG is set (kind, a cloud cluster: the same scenarios, nothing is started).
import { execFile, execFileSync } from 'child_process';
import { homedir } from 'os';
import { join } from 'path';
import { KubeClient } from '../apiserver/client';
import { installThirdPartyCrds } from '../apiserver/crds';
import { readKubeconfig } from '../apiserver/kubeconfig';
import { Namespaces } from '../apiserver/namespaces';

/** Set by global-setup.ts for the workers. */
export const RUNNING_DIR_ENV = 'CDK8S_PG_RUNNING_DIR';
export const RUNNING_KUBECONFIG_ENV = 'CDK8S_PG_RUNNING_KUBECONFIG';
export const RUNNING_KUBE_BIN_ENV = 'CDK8S_PG_RUNNING_KUBE_BIN';
export const RUNNING_IMAGES_ENV = 'CDK8S_PG_RUNNING_IMAGES';

export interface RunningTarget {
  readonly client: KubeClient;
  readonly kubeconfig: string;
  readonly namespaces: Namespaces;
  /** Our own cluster: nodes can be entered (nsenter) and volumes are provisioned by the tier. */
  readonly local: boolean;
  /** kubectl with this cluster's kubeconfig; rejects with stderr on a non-zero exit. */
  kubectl(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<string>;
  /** Runs a command on a node of the local cluster (in its network and mount namespaces). */
  onNode(node: string, command: string[]): string;
  release(): void;
}

/** Passwords handed to psql on a command line never reach a test report. */
const redact = (text: string) => text.replace(/(PGPASSWORD=)\S+/g, '$1***');

function kubectlBinary(): string {
  const dir = process.env[RUNNING_KUBE_BIN_ENV];
  return dir ? join(dir, 'kubectl') : 'kubectl';
}

export async function connectRunning(): Promise<RunningTarget> {
  const localConfig = process.env[RUNNING_KUBECONFIG_ENV];
  const kubeconfig = localConfig ?? process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
  const local = !!localConfig;
  const client = new KubeClient(readKubeconfig(kubeconfig));
  const bin = kubectlBinary();
  const target: RunningTarget = {
    client,
    kubeconfig,
    local,
    namespaces: new Namespaces(client, false),
    kubectl: (args, options = {}) => new Promise((ok, fail) => {
      const child = execFile(bin, ['--kubeconfig', kubeconfig, ...args],
        { timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => err ? fail(new Error(`kubectl ${redact(args.join(' '))}: ${stderr || err.message}`)) : ok(stdout));
      if (options.input !== undefined) child.stdin?.end(options.input);
    }),
    onNode: (node, command) => {
      const dir = process.env[RUNNING_DIR_ENV];
      if (!local || !dir) throw new Error('onNode needs the local test cluster (KUBECONFIG points elsewhere)');
      const n = /^node(\d+)$/.exec(node)?.[1];
      if (!n) throw new Error(`not a node of the local cluster: ${node}`);
      const pid = execFileSync('pgrep', ['-o', '-f', `node\\.sh ${dir} ${n} `], { encoding: 'utf8' }).trim();
      return execFileSync('nsenter', ['-t', pid, '-m', '-n', '--', ...command], { encoding: 'utf8', timeout: 60_000 });
    },
    release: () => client.close(),
  };
  await installThirdPartyCrds(client, local);
  return target;
}
