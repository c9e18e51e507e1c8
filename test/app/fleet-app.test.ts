import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { buildFleet } from '../../bench/fleet';
import { EXAMPLES } from '../../examples/registry';
import { FleetApp } from '../../src';

/** Every file an app writes, by relative path. */
function synthFiles(app: App): Record<string, string> {
  app.synth();
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(app.outdir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(app.outdir);
  return files;
}

const outdirs: string[] = [];
const outdir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-app-'));
  outdirs.push(dir);
  return dir;
};
afterAll(() => outdirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** Builds the same app with cdk8s's App and with FleetApp. */
function both(build: (app: App) => void, props: AppProps = {}): { cdk8s: App; fleet: App } {
  const cdk8s = new App({ ...props, outdir: outdir() });
  const fleet = new FleetApp({ ...props, outdir: outdir() });
  build(cdk8s);
  build(fleet);
  return { cdk8s, fleet };
}

/** Two namespaces whose charts depend on each other, a nested chart, and an explicit object dependency. */
function dependentCharts(app: App): void {
  const base = new Chart(app, 'base', { namespace: 'base' });
  const config = new ApiObject(base, 'config', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } });
  const apps = new Chart(app, 'apps', { namespace: 'apps' });
  const account = new ApiObject(apps, 'account', { apiVersion: 'v1', kind: 'ServiceAccount' });
  const role = new ApiObject(apps, 'role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', rules: [] });
  account.addDependency(role);
  apps.addDependency(config);
  new ApiObject(new Chart(apps, 'nested'), 'inner', { apiVersion: 'v1', kind: 'ConfigMap', data: { b: 'x\ny' } });
}

describe('FleetApp', () => {
  describe.each(EXAMPLES.map(e => [e.name, e] as const))('example %s', (_name, example) => {
    test.each([
      ['one file per chart', YamlOutputType.FILE_PER_CHART],
      ['one file per app', YamlOutputType.FILE_PER_APP],
    ])('writes the same files as cdk8s App, %s', (_label, yamlOutputType) => {
      const { cdk8s, fleet } = both(app => example.build(app), { yamlOutputType });
      const expected = synthFiles(cdk8s);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(synthFiles(fleet)).toEqual(expected);
    });

    test('synthYaml returns the same string as cdk8s App', () => {
      const { cdk8s, fleet } = both(app => example.build(app));
      expect(fleet.synthYaml()).toBe(cdk8s.synthYaml());
    });
  });

  test('the benchmark fleet (30 production-like clusters in 3 charts): the same files as cdk8s App', () => {
    const { cdk8s, fleet } = both(app => buildFleet(app, 30));
    const expected = synthFiles(cdk8s);
    expect(Object.keys(expected)).toHaveLength(3);
    expect(synthFiles(fleet)).toEqual(expected);
  });

  test('dependent and nested charts: same indexed file names, same object order', () => {
    const { cdk8s, fleet } = both(dependentCharts);
    const expected = synthFiles(cdk8s);
    expect(Object.keys(expected).sort()).toEqual(['0000-apps-nested-c885be8e.k8s.yaml', '0001-base.k8s.yaml', '0002-apps.k8s.yaml']);
    expect(synthFiles(fleet)).toEqual(expected);
  });

  test('validation errors are reported as cdk8s reports them', () => {
    const build = (app: App) => {
      const chart = new Chart(app, 'c');
      chart.node.addValidation({ validate: () => ['replicas must be odd'] });
    };
    const { cdk8s, fleet } = both(build);
    expect(() => cdk8s.synth()).toThrow('Validation failed with the following errors:\n  [c] replicas must be odd');
    expect(() => fleet.synth()).toThrow('Validation failed with the following errors:\n  [c] replicas must be odd');
  });

  test('a chart class that renders itself keeps its own rendering', () => {
    class StampedChart extends Chart {
      public toJson(): any[] {
        return super.toJson().map(o => ({ ...o, metadata: { ...o.metadata, annotations: { stamped: 'yes' } } }));
      }
    }
    const build = (app: App) => new ApiObject(new StampedChart(app, 's'), 'o', { apiVersion: 'v1', kind: 'ConfigMap' });
    const { cdk8s, fleet } = both(build);
    const expected = synthFiles(cdk8s);
    expect(expected['s.k8s.yaml']).toContain('stamped: "yes"');
    expect(synthFiles(fleet)).toEqual(expected);
  });

  test.each([
    ['one file per resource', { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE }],
    ['a folder per chart', { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE }],
    ['construct metadata', { recordConstructMetadata: true }],
  ])('%s: falls back to cdk8s and writes the same files', (_label, props: AppProps) => {
    const { cdk8s, fleet } = both(dependentCharts, props);
    const expected = synthFiles(cdk8s);
    expect(Object.keys(expected).length).toBeGreaterThan(2);
    expect(synthFiles(fleet)).toEqual(expected);
  });

  test('an app without charts writes nothing, as cdk8s does', () => {
    const { cdk8s, fleet } = both(() => undefined, { yamlOutputType: YamlOutputType.FILE_PER_APP });
    expect(synthFiles(cdk8s)).toEqual({});
    expect(synthFiles(fleet)).toEqual({});
  });
});
