// jest globalTeardown: stop what global-setup.ts started (the stdin lifeline covers crashes).
import { LocalCluster } from './local-cluster';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { cdk8sPgRunning?: LocalCluster };
  await holder.cdk8sPgRunning?.stop();
  delete holder.cdk8sPgRunning;
}
