import { ApiObject, App, Chart } from 'cdk8s';
import { valueOf } from './code';
import { chartsOf, Conversion } from './conversion';
import { FleetApp } from '../app/fleet-app';
import { PostgresCluster } from '../cluster/postgres-cluster';

/** Id of the chart that carries the objects passed through; never a namespace's chart id. */
export const PASSTHROUGH_CHART = 'other-objects';

/** Adds the converted clusters (one chart per namespace) and the passed-through objects to an app. */
export function addToApp(app: App, conversion: Conversion): void {
  if (conversion.others.length) {
    const chart = new Chart(app, PASSTHROUGH_CHART);
    conversion.others.forEach((o, i) => new ApiObject(chart, `object-${i}`, o));
  }
  for (const c of chartsOf(conversion)) {
    const chart = new Chart(app, c.id === PASSTHROUGH_CHART ? `${c.id}-ns` : c.id, c.namespace ? { namespace: c.namespace } : {});
    for (const cluster of c.clusters) new PostgresCluster(chart, cluster.name, valueOf(cluster.props));
  }
}

/** The library's YAML for the converted manifests, as `cdk8s synth` would write it into one file. */
export function renderYaml(conversion: Conversion): string {
  const app = new FleetApp({ outdir: '.' });
  addToApp(app, conversion);
  return app.synthYaml();
}

/** Writes one file per chart into a directory, as `cdk8s synth` does. */
export function renderToDirectory(conversion: Conversion, outdir: string): void {
  const app = new FleetApp({ outdir });
  addToApp(app, conversion);
  app.synth();
}
