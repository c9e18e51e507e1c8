import { batchAndApps, statefulSet } from './fixtures';
import { rulesOf } from './helpers';
import { selectorMatches } from './selectors';

describe('workload selectors select their own template', () => {
  test('selectorMatches: matchLabels and every operator', () => {
    const labels = { app: 'pg', role: 'master' };
    expect(selectorMatches({ matchLabels: { app: 'pg' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'other' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'role', operator: 'In', values: ['master', 'replica'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['master'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  test('a StatefulSet whose selector misses its template labels', () => {
    const sts = statefulSet();
    sts.spec.selector.matchLabels['cluster-name'] = 'acid-other';
    expect(rulesOf(sts)).toEqual(['selector/template-mismatch spec.selector']);
  });

  test('a Deployment whose matchExpressions exclude its template', () => {
    const dep = batchAndApps()[2];
    dep.spec.selector.matchExpressions = [{ key: 'application', operator: 'NotIn', values: ['db-connection-pooler'] }];
    expect(rulesOf(dep)).toEqual(['selector/template-mismatch spec.selector']);
  });

  test('an empty workload selector is rejected', () => {
    const dep = batchAndApps()[2];
    dep.spec.selector = {};
    expect(rulesOf(dep)).toEqual(['selector/empty spec.selector']);
  });

  test('Jobs: a selector needs manualSelector, and then must match', () => {
    const job = batchAndApps()[0];
    job.spec.selector = { matchLabels: { job: 'sync' } };
    expect(rulesOf(job)).toEqual(['selector/job-manual spec.selector']);
    job.spec.manualSelector = true;
    expect(rulesOf(job)).toEqual(['selector/template-mismatch spec.selector']);
    job.spec.template.metadata = { labels: { job: 'sync' } };
    expect(rulesOf(job)).toEqual([]);
  });

  test('CronJob job templates follow the Job rule', () => {
    const cron = batchAndApps()[1];
    cron.spec.jobTemplate.spec.selector = { matchLabels: { job: 'backup' } };
    expect(rulesOf(cron)).toEqual(['selector/job-manual spec.jobTemplate.spec.selector']);
  });
});
