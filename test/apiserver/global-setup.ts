// jest globalSetup of the API-server tier: one etcd + kube-apiserver for the whole run (starting one takes ~10 s).
// Runs in jest's parent process; the workers it forks afterwards inherit the environment variables set here.
import { LocalCluster, startLocalCluster } from './cluster';
import { LOCAL_KUBECONFIG_ENV } from './target';

export default async function globalSetup(): Promise<void> {
  if (process.env.KUBECONFIG) {
    process.stderr.write(`\napiserver tier: using the cluster of KUBECONFIG=${process.env.KUBECONFIG}\n`);
    return;
  }
  const started = Date.now();
  const cluster = await startLocalCluster();
  (globalThis as { cdk8sPgCluster?: LocalCluster }).cdk8sPgCluster = cluster;
  process.env[LOCAL_KUBECONFIG_ENV] = cluster.kubeconfig;
  process.env.CDK8S_PG_TEST_KUBE_VERSION = cluster.version;
  process.stderr.write(`\napiserver tier: kube-apiserver ${cluster.version} ready in ${Date.now() - started} ms\n`);
}
