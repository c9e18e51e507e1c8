// The Jobs' pods (credentials, sync, rollout, dynamic configuration) must never look like members of their cluster: Patroni lists members by the
// cluster's labels (and keeps a replication slot for each), and the disruption budgets select by them too.
import { FleetDefaults, PostgresCluster } from '../../src';
import { byKind, chart, synth } from '../util';

const matches = (labels: Record<string, string>, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function jobPods(fleet?: FleetDefaults) {
  const c = chart();
  const db = new PostgresCluster(c, 'db', {
    teamId: 'acid', instances: 2, fleet, users: { app: [] }, databases: { app: 'app' },
  });
  const objects = synth(c);
  return { db, objects, jobs: byKind(objects, 'Job') };
}

test('default labels: the Jobs\' pods get an application of their own, as the operator\'s logical-backup pods', () => {
  const { db, objects, jobs } = jobPods();
  expect(jobs.map(j => j.spec.template.metadata.labels.application).sort()).toEqual(['spilo-credentials', 'spilo-dcs', 'spilo-rollout', 'spilo-sync']);
  for (const job of jobs) {
    expect(matches(job.spec.template.metadata.labels, db.selectorLabels)).toBe(false);
    expect(job.spec.template.metadata.labels['cluster-name']).toBe('db');
    expect(job.metadata.labels.application).toBe('spilo');
  }
  for (const pdb of byKind(objects, 'PodDisruptionBudget')) {
    for (const job of jobs) expect(matches(job.spec.template.metadata.labels, pdb.spec.selector.matchLabels)).toBe(false);
  }
});

test('cluster labels without application: the Jobs\' pods leave out the cluster-name label', () => {
  const { db, jobs } = jobPods(new FleetDefaults({ clusterLabels: { 'example.com/app': 'pg' } }));
  expect(db.selectorLabels).toEqual({ 'example.com/app': 'pg', 'cluster-name': 'db' });
  for (const job of jobs) {
    expect(matches(job.spec.template.metadata.labels, db.selectorLabels)).toBe(false);
    expect(job.spec.template.metadata.labels['example.com/app']).toBe('pg');
  }
});
