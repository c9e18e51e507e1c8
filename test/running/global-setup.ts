// jest globalSetup of the running-cluster tier: one multi-node cluster for the whole run (cold start ~10 s once
// built); skipped when KUBECONFIG names a cluster to use instead. Workers inherit the environment set here.
import { LocalCluster, startLocalCluster } from './local-cluster';
import { RUNNING_DIR_ENV, RUNNING_IMAGES_ENV, RUNNING_KUBE_BIN_ENV, RUNNING_KUBECONFIG_ENV } from './target';

export default async function globalSetup(): Promise<void> {
  if (process.env.KUBECONFIG) {
    process.stderr.write(`\nrunning tier: using the cluster of KUBECONFIG=${process.env.KUBECONFIG}\n`);
    return;
  }
  const started = Date.now();
  const cluster = await startLocalCluster(Number(process.env.CDK8S_PG_CLUSTER_NODES ?? 3));
  (globalThis as { cdk8sPgRunning?: LocalCluster }).cdk8sPgRunning = cluster;
  process.env[RUNNING_KUBECONFIG_ENV] = cluster.kubeconfig;
  process.env[RUNNING_DIR_ENV] = cluster.dir;
  process.env[RUNNING_KUBE_BIN_ENV] = cluster.artifacts.kubeBin;
  process.env[RUNNING_IMAGES_ENV] = cluster.artifacts.images;
  process.stderr.write(`\nrunning tier: ${cluster.nodes} nodes ready in ${Date.now() - started} ms (${cluster.dir})\n`);
}
