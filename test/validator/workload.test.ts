import { batchAndApps, statefulSet, supportingObjects } from './fixtures';
import { rulesOf } from './helpers';

describe('controller spec rules', () => {
  test('PDB: minAvailable xor maxUnavailable, counts are ints or percentages', () => {
    const pdb = supportingObjects()[3];
    pdb.spec.minAvailable = '50 percent';
    expect(rulesOf(pdb)).toEqual(['intstr/count spec.minAvailable', 'pdb/budget spec']);
    pdb.spec = { ...pdb.spec, minAvailable: undefined, maxUnavailable: '150%' };
    expect(rulesOf(pdb)).toEqual(['intstr/count spec.maxUnavailable']);
  });

  test('Deployment: a rollout that can never progress, percentages', () => {
    const dep = batchAndApps()[2];
    dep.spec.strategy.rollingUpdate = { maxSurge: '0%', maxUnavailable: 0 };
    expect(rulesOf(dep)).toEqual(['intstr/count spec.strategy.rollingUpdate']);
    dep.spec.strategy.rollingUpdate = { maxSurge: '1.5', maxUnavailable: -1 };
    expect(rulesOf(dep)).toEqual(['intstr/count spec.strategy.rollingUpdate.maxUnavailable', 'intstr/count spec.strategy.rollingUpdate.maxSurge']);
  });

  test('CronJob schedules: five fields or a descriptor, no TZ= prefix', () => {
    const cron = batchAndApps()[1];
    for (const ok of ['*/5 * * * *', '@daily', '0 3 * * MON-FRI']) {
      cron.spec.schedule = ok;
      expect(rulesOf(cron)).toEqual([]);
    }
    for (const bad of ['0 3 * *', 'TZ=UTC 0 3 * * *', 'every day']) {
      cron.spec.schedule = bad;
      expect(rulesOf(cron)).toEqual(['cronjob/schedule spec.schedule']);
    }
  });
});

describe('more pod and container rules', () => {
  const pg = (sts: any) => sts.spec.template.spec.containers[0];

  test('a volume has exactly one source', () => {
    const sts = statefulSet();
    sts.spec.template.spec.volumes.push({ name: 'both', emptyDir: {}, configMap: { name: 'acid-orders-config' } }, { name: 'none' });
    expect(rulesOf(sts)).toEqual(['pod/volume-source spec.template.spec.volumes[2]', 'pod/volume-source spec.template.spec.volumes[3]']);
  });

  test('env: value and valueFrom exclude each other; valueFrom has one source', () => {
    const sts = statefulSet();
    pg(sts).env[3].value = 'oops';
    pg(sts).env[2].valueFrom.resourceFieldRef = { resource: 'limits.cpu' };
    expect(rulesOf(sts)).toEqual(['pod/env-source spec.template.spec.containers[0].env[2].valueFrom', 'pod/env-source spec.template.spec.containers[0].env[3].valueFrom']);
  });

  test('probes and lifecycle hooks need exactly one handler', () => {
    const sts = statefulSet();
    pg(sts).readinessProbe.exec = { command: ['true'] };
    pg(sts).livenessProbe = { periodSeconds: 10 };
    pg(sts).lifecycle = { preStop: { exec: { command: ['patronictl', 'pause'] } } };
    expect(rulesOf(sts)).toEqual(['pod/probe-handler spec.template.spec.containers[0].livenessProbe', 'pod/probe-handler spec.template.spec.containers[0].readinessProbe']);
  });

  test('container ports are 1-65535; resource names are container resources', () => {
    const sts = statefulSet();
    pg(sts).ports[0].containerPort = 0;
    pg(sts).resources.requests.storage = '1Gi';
    pg(sts).resources.limits['nvidia.com/gpu'] = 1;
    pg(sts).resources.limits['kubernetes.io/thing'] = 1;
    expect(rulesOf(sts)).toEqual([
      'pod/port-range spec.template.spec.containers[0].ports[0].containerPort',
      'pod/resource-name spec.template.spec.containers[0].resources.requests.storage',
      'pod/resource-name spec.template.spec.containers[0].resources.limits["kubernetes.io/thing"]',
    ]);
  });
});

describe('controller counts', () => {
  test('counts the API server requires to be >= 0 (0 is fine)', () => {
    const [job, cron, dep] = batchAndApps();
    Object.assign(job.spec, { backoffLimit: -1, parallelism: 0, ttlSecondsAfterFinished: -5 });
    Object.assign(cron.spec, { successfulJobsHistoryLimit: -1 });
    cron.spec.jobTemplate.spec.activeDeadlineSeconds = -1;
    Object.assign(dep.spec, { revisionHistoryLimit: -1, replicas: 0 });
    const sts = statefulSet();
    sts.spec.updateStrategy.rollingUpdate = { partition: -1 };
    expect(rulesOf(job)).toEqual(['workload/count spec.backoffLimit', 'workload/count spec.ttlSecondsAfterFinished']);
    expect(rulesOf(cron)).toEqual(['workload/count spec.successfulJobsHistoryLimit', 'workload/count spec.jobTemplate.spec.activeDeadlineSeconds']);
    expect(rulesOf(dep)).toEqual(['workload/count spec.revisionHistoryLimit']);
    expect(rulesOf(sts)).toEqual(['workload/count spec.updateStrategy.rollingUpdate.partition']);
  });

  test('StatefulSet claim retention: Retain or Delete', () => {
    const sts = statefulSet();
    sts.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    expect(rulesOf(sts)).toEqual([]);
    sts.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'delete' };
    expect(rulesOf(sts)).toEqual(['workload/claim-retention spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'workload/claim-retention spec.persistentVolumeClaimRetentionPolicy.whenScaled']);
  });

  test('a Deployment\'s progress deadline (600 by default) exceeds minReadySeconds', () => {
    const dep = batchAndApps()[2];
    dep.spec.minReadySeconds = 599;
    expect(rulesOf(dep)).toEqual([]);
    dep.spec.minReadySeconds = 600;
    expect(rulesOf(dep)).toEqual(['workload/count spec.progressDeadlineSeconds']);
    dep.spec.progressDeadlineSeconds = 601;
    expect(rulesOf(dep)).toEqual([]);
  });

  test('activeDeadlineSeconds: 1 or more in Job pods, none in long-running pods', () => {
    const [job, , dep] = batchAndApps();
    job.spec.template.spec.activeDeadlineSeconds = 3600;
    expect(rulesOf(job)).toEqual([]);
    job.spec.template.spec.activeDeadlineSeconds = 0;
    expect(rulesOf(job)).toEqual(['pod/active-deadline spec.template.spec.activeDeadlineSeconds']);
    dep.spec.template.spec.activeDeadlineSeconds = 3600;
    expect(rulesOf(dep)).toEqual(['workload/count spec.template.spec.activeDeadlineSeconds']);
  });
});
