// jest globalTeardown: stop what global-setup.ts started (an 'exit' handler and the process wrapper cover crashes).
import { LocalCluster } from './cluster';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { cdk8sPgCluster?: LocalCluster };
  await holder.cdk8sPgCluster?.stop();
  delete holder.cdk8sPgCluster;
}
