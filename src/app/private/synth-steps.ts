import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { renderedObject, withRenderMemo } from '../../private/render-memo';

/**
 * The steps of cdk8s's `App.synth()`, run once per app instead of once per chart.
 *
 * cdk8s 2.70 re-runs dependency resolution and validation over the whole app inside every `Chart.toJson()`; with
 * one chart per namespace that makes synth quadratic in the fleet size. The steps themselves are cdk8s's, written
 * against its public API, in the same order, so the output is the same.
 */
export class SynthSteps {
  private readonly subtrees = new Map<Node, IConstruct[]>();
  /** No construct depends on another: the dependency graph's order is the construction order. */
  private independent = false;

  constructor(private readonly app: App) {}

  /** Runs every construct's validations; throws cdk8s's message listing them all. */
  public validate(): void {
    const errors: string[] = [];
    for (const child of this.findAll(this.app.node)) {
      for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
    }
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }

  /**
   * Turns nested charts and construct dependencies into chart and ApiObject dependencies.
   * @returns whether any chart depends on another (cdk8s then prefixes file names with an index)
   */
  public resolveDependencies(): boolean {
    let dependantCharts = false;
    for (const parent of this.findAll(this.app.node).filter(isChart)) {
      for (const child of parent.node.children.filter(isChart)) {
        parent.node.addDependency(child);
        dependantCharts = true;
      }
    }
    for (const dep of this.dependencies()) {
      const source = Chart.of(dep.source);
      const target = Chart.of(dep.target);
      if (source !== target) {
        source.node.addDependency(target);
        dependantCharts = true;
      }
    }
    for (const dep of this.dependencies()) {
      const sourceChart = Chart.of(dep.source);
      const targetChart = Chart.of(dep.target);
      const targets = this.findAll(dep.target.node).filter(c => c instanceof ApiObject && Chart.of(c) === targetChart);
      const sources = this.findAll(dep.source.node).filter(c => c instanceof ApiObject && Chart.of(c) === sourceChart);
      for (const target of targets) {
        for (const source of sources) {
          if (target !== source) source.node.addDependency(target);
        }
      }
    }
    return dependantCharts;
  }

  /** The app's charts in dependency order. */
  public charts(): Chart[] {
    // Without any dependency the graph's order is the construction order, except that JavaScript lists an app
    // child whose id is an array index first; only then is the graph needed.
    this.independent = this.dependencies().length === 0;
    if (this.independent && !this.app.node.children.some(c => ARRAY_INDEX.test(c.node.id))) return this.findAll(this.app.node).filter(isChart);
    return new DependencyGraph(this.app.node).topology().filter(isChart);
  }

  /** A chart's own manifests in dependency order: what `Chart.toJson()` returns. */
  public manifests(chart: Chart): any[] {
    // A chart class that renders itself (e.g. post-processes its objects) keeps its own toJson.
    if (chart.toJson !== Chart.prototype.toJson) return chart.toJson();
    // Paths inside a chart (`chart/id`) are never array indices: without dependencies, construction order it is.
    const ordered = this.independent ? this.findAll(chart.node) : new DependencyGraph(chart.node).topology();
    return withRenderMemo(() => ordered
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
      .map(o => renderedObject(o)));
  }

  private dependencies(): Array<{ source: IConstruct; target: IConstruct }> {
    const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
    for (const child of this.findAll(this.app.node)) {
      for (const target of child.node.dependencies) deps.push({ source: child, target });
    }
    return deps;
  }

  private findAll(node: Node): IConstruct[] {
    let all = this.subtrees.get(node);
    if (!all) {
      all = node.findAll();
      this.subtrees.set(node, all);
    }
    return all;
  }
}

/** An id JavaScript would list before the others as an object key. */
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function isChart(c: IConstruct): c is Chart {
  return c instanceof Chart;
}
