import { App, Chart } from 'cdk8s';
import { FleetApp, PostgresCluster } from '../../src';
import { ExampleOptions } from '../example-options';

/** One instance with every default: what `acid-minimal-cluster` looks like without an operator. */
export function build(app: App, options: ExampleOptions = {}): Chart[] {
  const chart = new Chart(app, 'minimal', { namespace: 'minimal' });
  new PostgresCluster(chart, 'acid-minimal-cluster', {
    teamId: 'acid',
    instances: options.upgrade ? 2 : 1,
    ...(options.upgrade ? { parameters: { work_mem: '8MB' }, labels: { tier: 'database' } } : {}),
  });
  return [chart];
}

if (require.main === module) {
  const app = new FleetApp({ outdir: 'dist/examples/minimal' });
  build(app);
  app.synth();
}
