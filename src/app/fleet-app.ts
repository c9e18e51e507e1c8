import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Names, YamlOutputType } from 'cdk8s';
import { ManifestYaml } from './private/manifest-yaml';
import { SynthSteps } from './private/synth-steps';

/**
 * A cdk8s `App` for fleets of many charts: the same files, byte for byte, in linear time.
 *
 * cdk8s 2.70's `App.synth()` resolves dependencies and validates the whole app again for every chart, and writes
 * YAML through a general-purpose serializer; with one chart per namespace and hundreds of clusters that dominates
 * synth time. `FleetApp` runs those steps once and writes the same YAML with a serializer specialised for
 * manifests. Output types other than one file per chart or per app, and construct metadata, use cdk8s's own path.
 *
 * @example
 * const app = new FleetApp();
 * for (const team of teams) new PostgresCluster(new Chart(app, team, { namespace: team }), 'db', { teamId: team });
 * app.synth();
 */
export class FleetApp extends App {
  private readonly constructMetadata: boolean;

  constructor(props: AppProps = {}) {
    super(props);
    this.constructMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  }

  /** Synthesizes all manifests to the output directory, as `App.synth()` does. */
  public synth(): void {
    const perChart = this.yamlOutputType === YamlOutputType.FILE_PER_CHART;
    if ((!perChart && this.yamlOutputType !== YamlOutputType.FILE_PER_APP) || this.constructMetadata) {
      super.synth();
      return;
    }
    fs.mkdirSync(this.outdir, { recursive: true });
    const steps = new SynthSteps(this);
    steps.validate();
    const dependantCharts = steps.resolveDependencies();
    const charts = steps.charts();
    // cdk8s resolves once more inside the first chart's rendering; that pass adds object dependencies
    // derived from the chart dependencies found by the first.
    steps.resolveDependencies();
    const yaml = new ManifestYaml();
    if (!perChart) {
      const all = charts.flatMap(chart => steps.manifests(chart));
      if (charts.length > 0) this.write(`app${this.outputFileExtension}`, yaml.stringify(all));
      return;
    }
    charts.forEach((chart, index) => {
      const name = Names.toDnsLabel(chart);
      const file = dependantCharts ? `${index.toString().padStart(4, '0')}-${name}` : name;
      this.write(file + this.outputFileExtension, yaml.stringify(steps.manifests(chart)));
    });
  }

  /** All manifests of all charts as one YAML string, as `App.synthYaml()` returns it. */
  public synthYaml(): string {
    const steps = new SynthSteps(this);
    steps.resolveDependencies();
    steps.validate();
    const charts = steps.charts();
    steps.resolveDependencies();
    return new ManifestYaml().stringify(charts.flatMap(chart => steps.manifests(chart)));
  }

  private write(file: string, text: string): void {
    fs.writeFileSync(path.join(this.outdir, file), text, { encoding: 'utf8' });
  }
}
