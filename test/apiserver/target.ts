// Which API server a test file talks to, in this order:
//  1. the local server that global-setup.ts started for this jest run (CDK8S_PG_TEST_KUBECONFIG),
//  2. the user's cluster when KUBECONFIG is set (nothing is started),
//  3. otherwise a local server started for this test file alone (jest run without the tier's config).
import { KubeClient } from './client';
import { startLocalCluster } from './cluster';
import { installThirdPartyCrds } from './crds';
import { Connection, readKubeconfig } from './kubeconfig';
import { Namespaces } from './namespaces';

/** Set by global-setup.ts for the workers; not meant to be set by hand. */
export const LOCAL_KUBECONFIG_ENV = 'CDK8S_PG_TEST_KUBECONFIG';

export interface Target {
  readonly client: KubeClient;
  /** Server, CA and credentials of the admin client (for clients acting as someone else). */
  readonly connection: Connection;
  readonly namespaces: Namespaces;
  /** Our own server: no controllers run, so nothing but the tier changes objects. */
  readonly local: boolean;
  readonly description: string;
  release(): Promise<void>;
}

/** Connects and installs the third-party CRDs (External Secrets), waiting until they are Established. */
export async function connect(): Promise<Target> {
  const target = await open();
  try {
    await installThirdPartyCrds(target.client, target.local);
  } catch (e) {
    await target.release();
    throw e;
  }
  return target;
}

async function open(): Promise<Target> {
  const shared = process.env[LOCAL_KUBECONFIG_ENV];
  if (shared) return make(shared, true, `local kube-apiserver ${process.env.CDK8S_PG_TEST_KUBE_VERSION}`, async () => {});
  if (process.env.KUBECONFIG) return make(process.env.KUBECONFIG, false, 'cluster of KUBECONFIG', async () => {});
  const cluster = await startLocalCluster();
  return make(cluster.kubeconfig, true, `local kube-apiserver ${cluster.version}`, () => cluster.stop());
}

function make(kubeconfig: string, local: boolean, description: string, stop: () => Promise<void>): Target {
  const connection = readKubeconfig(kubeconfig);
  const client = new KubeClient(connection);
  return {
    client,
    connection,
    local,
    description,
    namespaces: new Namespaces(client, local),
    release: async () => { client.close(); await stop(); },
  };
}
