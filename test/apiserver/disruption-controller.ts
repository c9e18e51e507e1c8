// The real disruption controller (kube-controller-manager --controllers=disruption-controller) next to the tier's own
// kube-apiserver: it writes the PodDisruptionBudget status that the Eviction API decides on. A cluster of KUBECONFIG
// runs its own, so nothing is started there.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { resolveKubeVersion, startComponent } from './cluster';
import { writeKubeconfig } from './kubeconfig';
import { Target } from './target';

export interface DisruptionController {
  /** The last lines of its log ('' when none was started), for failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

export function startDisruptionController(target: Target): DisruptionController {
  if (!target.local) return { logTail: () => '', stop: async () => {} };
  const { server, ca, token } = target.connection;
  if (!ca || !token) throw new Error('the local API server\'s kubeconfig has no CA or token');
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-pg-kcm-'));
  writeFileSync(join(dir, 'ca.crt'), ca);
  writeKubeconfig(join(dir, 'kubeconfig'), server, join(dir, 'ca.crt'), token);
  const log = join(dir, 'kube-controller-manager.log');
  const component = startComponent(resolveKubeVersion(), 'kube-controller-manager', [
    `--kubeconfig=${join(dir, 'kubeconfig')}`,
    '--controllers=disruption-controller',
    // One instance, no Lease to wait for; no HTTPS endpoint (nothing scrapes it, and it would need a serving cert).
    '--leader-elect=false', '--secure-port=0',
  ], log);
  return {
    logTail: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : ''),
    stop: async () => {
      await component.stop();
      if (process.env.CDK8S_PG_KEEP_KUBE !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
}
