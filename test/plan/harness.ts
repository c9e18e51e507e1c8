import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { ChangeKind, ClusterPlan, FleetApp, PlanReport, PostgresCluster, PostgresClusterProps } from '../../src';

/** Builds an app's charts; a table row has one for before and one for after. */
export type Build = (app: App) => void;

const made: string[] = [];
afterAll(() => made.splice(0).forEach(dir => rmSync(dir, { recursive: true, force: true })));

/** A new temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Synthesizes a build the way a user does (FleetApp, one YAML file per chart) into a new temporary directory. */
export function synthToDir(build: Build): string {
  const outdir = tempDir('cdk8s-pg-plan-');
  const app = new FleetApp({ outdir });
  build(app);
  app.synth();
  return outdir;
}

/** The plan between two builds, through the public API and real files. */
export function planBetween(before: Build, after: Build): PlanReport {
  return ClusterPlan.compare(synthToDir(before), synthToDir(after));
}

type Named = PostgresClusterProps & { name: string };

/** One cluster in its own chart (namespace = chart namespace); more can be added to the same app. */
export function cluster(namespace: string, props: Named, extra?: (chart: Chart, db: PostgresCluster) => void): Build {
  return app => {
    const chart = new Chart(app, `${namespace}-${props.name}`, { namespace });
    const db = new PostgresCluster(chart, props.name, props);
    extra?.(chart, db);
  };
}

export const both = (...builds: Build[]): Build => app => builds.forEach(b => b(app));

/** What a table row states about one cluster; every field is compared, defaults included. */
export interface ClusterExpectation {
  change: ChangeKind;
  membersBefore?: number;
  membersAfter?: number;
  versionBefore?: string;
  versionAfter?: string;
  podsReplaced: number;
  restarts: number;
  switchovers: number;
  /** Kinds of the Jobs that run (`creds`, `sync`, `roll`, `dcs`, or a full name for others), sorted. */
  jobs: string[];
  live: string[];
  restart: string[];
  usersAdded: string[];
  usersRemoved: string[];
  databasesAdded: string[];
  databasesRemoved: string[];
  credentialsRotated: string[];
  volumeChanges: string[];
  /** `field` of each blocker. */
  blockers: string[];
}

export const NOTHING: Omit<ClusterExpectation, 'change'> = {
  podsReplaced: 0,
  restarts: 0,
  switchovers: 0,
  jobs: [],
  live: [],
  restart: [],
  usersAdded: [],
  usersRemoved: [],
  databasesAdded: [],
  databasesRemoved: [],
  credentialsRotated: [],
  volumeChanges: [],
  blockers: [],
};

/** The comparable view of one cluster of a report. */
export function summary(report: PlanReport, key: string): ClusterExpectation {
  const c = report.clusters.find(x => `${x.namespace}/${x.name}` === key);
  if (!c) throw new Error(`no cluster ${key} in the plan: ${report.clusters.map(x => `${x.namespace}/${x.name}`).join(', ')}`);
  const kind = (name: string) => /-(creds|sync|roll|dcs)-[0-9a-f]+$/.exec(name)?.[1] ?? name;
  return {
    change: c.change,
    ...(c.membersBefore !== undefined ? { membersBefore: c.membersBefore } : {}),
    ...(c.membersAfter !== undefined ? { membersAfter: c.membersAfter } : {}),
    ...(c.versionBefore !== undefined ? { versionBefore: c.versionBefore } : {}),
    ...(c.versionAfter !== undefined ? { versionAfter: c.versionAfter } : {}),
    podsReplaced: c.podsReplaced,
    restarts: c.restarts,
    switchovers: c.switchovers,
    jobs: c.jobs.map(j => kind(j.name)).sort(),
    live: c.settings.filter(s => !s.needsRestart).map(s => s.name),
    restart: c.settings.filter(s => s.needsRestart).map(s => s.name),
    usersAdded: c.usersAdded,
    usersRemoved: c.usersRemoved,
    databasesAdded: c.databasesAdded,
    databasesRemoved: c.databasesRemoved,
    credentialsRotated: c.credentialsRotated,
    volumeChanges: c.volumeChanges,
    blockers: c.blockers.map(b => b.field),
  };
}
