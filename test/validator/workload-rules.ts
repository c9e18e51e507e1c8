/**
 * Controller spec rules the API server enforces beyond the schema: counts
 * that are an int or a percentage, counts that are not negative, PDB budgets,
 * rolling updates that can make progress, a progress deadline beyond
 * minReadySeconds, no activeDeadlineSeconds on long-running pods, CronJob
 * schedules.
 */

import { IssueSink } from './issues';
import { isObject } from './json';

const PERCENT = /^[0-9]+%$/;

/** An IntOrString count: a non-negative integer or "<n>%" (at most 100% where it is a share of pods). */
function checkCount(v: unknown, path: string, sink: IssueSink): void {
  if (typeof v === 'number' && v < 0) sink.add(path, 'intstr/count', `${v} must not be negative`);
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) sink.add(path, 'intstr/count', `${JSON.stringify(v)} must be an integer or a percentage like "25%"`);
    else if (parseInt(v, 10) > 100) sink.add(path, 'intstr/count', `${v} must not exceed 100%`);
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

function checkPdb(spec: Record<string, any>, sink: IssueSink): void {
  checkCount(spec.minAvailable, 'spec.minAvailable', sink);
  checkCount(spec.maxUnavailable, 'spec.maxUnavailable', sink);
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    sink.add('spec', 'pdb/budget', 'minAvailable and maxUnavailable are mutually exclusive');
  }
}

/** Deployment/DaemonSet/StatefulSet rolling update parameters. */
function checkRollingUpdate(ru: unknown, base: string, sink: IssueSink, surgeAllowed: boolean): void {
  if (!isObject(ru)) return;
  checkCount(ru.maxUnavailable, `${base}.maxUnavailable`, sink);
  if (surgeAllowed) checkCount(ru.maxSurge, `${base}.maxSurge`, sink);
  if (surgeAllowed && isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
    sink.add(base, 'intstr/count', 'maxUnavailable and maxSurge may not both be 0: the rollout could never progress');
  }
}

/** Five fields (minute hour day-of-month month day-of-week) or a @descriptor; time zones go in spec.timeZone. */
function scheduleError(s: string): string | undefined {
  if (/^\s*(CRON_)?TZ=/.test(s)) return 'must not set TZ= or CRON_TZ=; use spec.timeZone';
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(s)) return undefined;
  if (/^@every \S+$/.test(s)) return undefined;
  const fields = s.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, a cron schedule has 5 (minute hour day-of-month month day-of-week)`;
  const bad = fields.find((f) => !/^[0-9A-Za-z*?,/\-]+$/.test(f));
  return bad ? `field ${JSON.stringify(bad)} is not cron syntax` : undefined;
}

const JOB_COUNTS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'];

/** Fields under spec that the API server requires to be >= 0, per apiVersion/kind. */
const NON_NEGATIVE: Record<string, readonly string[]> = {
  'apps/v1/Deployment': ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  'apps/v1/StatefulSet': ['replicas', 'minReadySeconds', 'ordinals.start', 'updateStrategy.rollingUpdate.partition'],
  'apps/v1/DaemonSet': ['minReadySeconds', 'revisionHistoryLimit'],
  'apps/v1/ReplicaSet': ['replicas', 'minReadySeconds'],
  'batch/v1/Job': JOB_COUNTS,
  'batch/v1/CronJob': ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', ...JOB_COUNTS.map((f) => `jobTemplate.spec.${f}`)],
};

function at(spec: Record<string, any>, dotted: string): unknown {
  return dotted.split('.').reduce<any>((o, k) => (isObject(o) ? o[k] : undefined), spec);
}

/** Deployments default progressDeadlineSeconds to 600, and it must exceed minReadySeconds. */
const DEFAULT_PROGRESS_DEADLINE = 600;

function checkCounts(key: string, spec: Record<string, any>, sink: IssueSink): void {
  for (const f of NON_NEGATIVE[key] ?? []) {
    const v = at(spec, f);
    if (typeof v === 'number' && v < 0) sink.add(`spec.${f}`, 'workload/count', `${f} must not be negative`);
  }
  if (key === 'apps/v1/Deployment' && typeof spec.minReadySeconds === 'number') {
    const deadline = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : DEFAULT_PROGRESS_DEADLINE;
    if (deadline <= spec.minReadySeconds) {
      sink.add('spec.progressDeadlineSeconds', 'workload/count', `progressDeadlineSeconds (${deadline}${spec.progressDeadlineSeconds === undefined ? ', the default' : ''}) must exceed minReadySeconds (${spec.minReadySeconds})`);
    }
  }
  // long-running pods cannot have a deadline; a Job's may (1 to 2^31-1 seconds)
  const deadline = key.startsWith('apps/') ? spec.template?.spec?.activeDeadlineSeconds : undefined;
  if (deadline !== undefined && deadline !== null) sink.add('spec.template.spec.activeDeadlineSeconds', 'workload/count', `${key.split('/').pop()} pods cannot have activeDeadlineSeconds`);
}

/** Claims are retained or deleted when the StatefulSet is deleted or scaled down ("" is defaulted to Retain). */
function checkRetention(policy: unknown, sink: IssueSink): void {
  if (!isObject(policy)) return;
  for (const f of ['whenDeleted', 'whenScaled']) {
    const v = policy[f];
    if (typeof v === 'string' && !['Retain', 'Delete', ''].includes(v)) {
      sink.add(`spec.persistentVolumeClaimRetentionPolicy.${f}`, 'workload/claim-retention', `${JSON.stringify(v)} is not Retain or Delete`);
    }
  }
}

export function checkWorkloadSpec(obj: any, sink: IssueSink): void {
  const spec = obj.spec;
  if (!isObject(spec)) return;
  checkCounts(`${obj.apiVersion}/${obj.kind}`, spec, sink);
  switch (`${obj.apiVersion}/${obj.kind}`) {
    case 'policy/v1/PodDisruptionBudget':
      return checkPdb(spec, sink);
    case 'apps/v1/Deployment':
      return checkRollingUpdate(spec.strategy?.rollingUpdate, 'spec.strategy.rollingUpdate', sink, true);
    case 'apps/v1/DaemonSet':
      return checkRollingUpdate(spec.updateStrategy?.rollingUpdate, 'spec.updateStrategy.rollingUpdate', sink, true);
    case 'apps/v1/StatefulSet':
      checkRetention(spec.persistentVolumeClaimRetentionPolicy, sink);
      return checkRollingUpdate(spec.updateStrategy?.rollingUpdate, 'spec.updateStrategy.rollingUpdate', sink, false);
    case 'batch/v1/CronJob':
      if (typeof spec.schedule === 'string') {
        const bad = scheduleError(spec.schedule);
        if (bad) sink.add('spec.schedule', 'cronjob/schedule', `${JSON.stringify(spec.schedule)} ${bad}`);
      }
      return;
    default:
      return;
  }
}
