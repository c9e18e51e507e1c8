import { Duration } from 'cdk8s';
import { PodManagementPolicy } from 'cdk8s-plus-28';
import { build, L0 } from './fixtures';
import { NodeReadinessLabelMerge, SpiloUpdateStrategy } from '../../src';

const SSD_AFFINITY = {
  requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
  },
};
const READY = { key: 'lifecycle-status', operator: 'In', values: ['ready'] };

describe('pod anti-affinity', () => {
  test('none by default', () => {
    // GIVEN / WHEN
    const { podSpec } = build();

    // THEN (enable_pod_antiaffinity: false)
    expect(podSpec.affinity).toBeUndefined();
  });

  test('required, on the selector labels (L0) and kubernetes.io/hostname, from the fleet', () => {
    // GIVEN a fleet that enables anti-affinity with defaults
    const { podSpec } = build({ labels: { tier: 'db' } }, { podAntiAffinity: {} });

    // THEN deviation from the operator's podAffinity(labelsSet(true), ...): L0, which a label change never alters
    expect(podSpec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: L0 }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    });
  });

  test('preferred with weight 1 and a custom topology key', () => {
    // GIVEN
    const { podSpec } = build({ podAntiAffinity: { preferred: true, topologyKey: 'topology.kubernetes.io/zone' } });

    // THEN
    expect(podSpec.affinity.podAntiAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 1,
        podAffinityTerm: { labelSelector: { matchLabels: L0 }, topologyKey: 'topology.kubernetes.io/zone' },
      }],
    });
  });

  test('a cluster can switch off the fleet\'s anti-affinity', () => {
    // GIVEN
    const { podSpec } = build({ podAntiAffinity: { enabled: false } }, { podAntiAffinity: { preferred: true } });

    // THEN
    expect(podSpec.affinity).toBeUndefined();
  });

  test('anti-affinity and node affinity together', () => {
    // GIVEN
    const { podSpec } = build({ nodeAffinity: SSD_AFFINITY }, { podAntiAffinity: {} });

    // THEN both are rendered
    expect(Object.keys(podSpec.affinity).sort()).toEqual(['nodeAffinity', 'podAntiAffinity']);
    expect(podSpec.affinity.nodeAffinity).toEqual(SSD_AFFINITY);
  });
});

describe('node affinity and readiness label', () => {
  test('cluster node affinity is rendered verbatim', () => {
    // GIVEN node affinity with required and preferred terms
    const nodeAffinity = {
      ...SSD_AFFINITY,
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }],
    };
    const { podSpec } = build({ nodeAffinity });

    // THEN
    expect(podSpec.affinity).toEqual({ nodeAffinity });
  });

  test('readiness label alone: one required term', () => {
    // GIVEN
    const { podSpec } = build({}, { nodeReadinessLabel: { 'lifecycle-status': 'ready' } });

    // THEN
    expect(podSpec.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [READY] }] },
    });
  });

  test('OR (default): the readiness label becomes an extra nodeSelectorTerm', () => {
    // GIVEN
    const { podSpec } = build({ nodeAffinity: SSD_AFFINITY }, { nodeReadinessLabel: { 'lifecycle-status': 'ready' } });

    // THEN
    expect(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
      { matchExpressions: [READY] },
    ]);
  });

  test('AND: the readiness label is appended to every term', () => {
    // GIVEN two terms of the cluster's own
    const nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
          { matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }] },
        ],
      },
    };
    const { podSpec } = build({ nodeAffinity }, {
      nodeReadinessLabel: { 'lifecycle-status': 'ready' }, nodeReadinessLabelMerge: NodeReadinessLabelMerge.AND,
    });

    // THEN
    expect(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, READY] },
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['nvme'] }, READY] },
    ]);
  });

  test('preferred-only cluster affinity keeps its preferences and gains the readiness term', () => {
    // GIVEN
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
    const { podSpec } = build({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } }, { nodeReadinessLabel: { 'lifecycle-status': 'ready' } });

    // THEN
    expect(podSpec.affinity.nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: preferred,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [READY] }] },
    });
  });
});

describe('topology spread constraints', () => {
  test('a constraint without labelSelector gets the selector labels (what the operator meant to do)', () => {
    // GIVEN
    const { podSpec } = build({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }] });

    // THEN
    expect(podSpec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: L0 },
    }]);
  });

  test('a given labelSelector is kept', () => {
    // GIVEN
    const constraint = {
      maxSkew: 2,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { application: 'spilo' } },
    };
    const { podSpec } = build({ topologySpreadConstraints: [constraint] });

    // THEN
    expect(podSpec.topologySpreadConstraints).toEqual([constraint]);
  });

  test('none by default', () => {
    // GIVEN / WHEN
    const { podSpec } = build();

    // THEN
    expect(podSpec.topologySpreadConstraints).toBeUndefined();
  });
});

describe('tolerations', () => {
  const fleetToleration = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' };
  const clusterToleration = { key: 'postgres', operator: 'Exists', effect: 'NoExecute' };

  test('the fleet\'s apply when the cluster has none', () => {
    // GIVEN
    const { podSpec } = build({}, { tolerations: [fleetToleration] });

    // THEN
    expect(podSpec.tolerations).toEqual([fleetToleration]);
  });

  test('the cluster\'s replace the fleet\'s (not merged)', () => {
    // GIVEN
    const { podSpec } = build({ tolerations: [clusterToleration] }, { tolerations: [fleetToleration] });

    // THEN
    expect(podSpec.tolerations).toEqual([clusterToleration]);
  });

  test('none anywhere: no tolerations field (an empty list would drift after the API server round trip)', () => {
    // GIVEN / WHEN
    const { podSpec } = build();

    // THEN
    expect(podSpec.tolerations).toBeUndefined();
  });
});

describe('pod-level settings', () => {
  test('priority class: the fleet\'s by default, the cluster wins', () => {
    // GIVEN
    const fleet = build({}, { podPriorityClassName: 'db-normal' }).podSpec;
    const own = build({ priorityClassName: 'db-critical' }, { podPriorityClassName: 'db-normal' }).podSpec;

    // THEN
    expect(fleet.priorityClassName).toBe('db-normal');
    expect(own.priorityClassName).toBe('db-critical');
    expect(build().podSpec.priorityClassName).toBeUndefined();
  });

  test('scheduler name only when set', () => {
    // GIVEN
    const { podSpec } = build({ schedulerName: 'stork' });

    // THEN
    expect(podSpec.schedulerName).toBe('stork');
    expect(build().podSpec.schedulerName).toBeUndefined();
  });

  test('termination grace period: 300 s by default, the fleet\'s, the cluster\'s', () => {
    // GIVEN / WHEN / THEN (pod_terminate_grace_period: 5m)
    expect(build().podSpec.terminationGracePeriodSeconds).toBe(300);
    expect(build({}, { podTerminateGracePeriod: Duration.minutes(1) }).podSpec.terminationGracePeriodSeconds).toBe(60);
    const own = build({ terminationGracePeriod: Duration.seconds(90) }, { podTerminateGracePeriod: Duration.minutes(1) });
    expect(own.podSpec.terminationGracePeriodSeconds).toBe(90);
  });

  test('pod management policy: OrderedReady by default, the fleet\'s, the cluster\'s', () => {
    // GIVEN / WHEN / THEN
    expect(build().statefulSet.spec.podManagementPolicy).toBe('OrderedReady');
    expect(build({}, { podManagementPolicy: PodManagementPolicy.PARALLEL }).statefulSet.spec.podManagementPolicy).toBe('Parallel');
    expect(build({ podManagementPolicy: PodManagementPolicy.ORDERED_READY }, { podManagementPolicy: PodManagementPolicy.PARALLEL })
      .statefulSet.spec.podManagementPolicy).toBe('OrderedReady');
  });

  test('update strategy: RollingUpdate by default (deviation), OnDelete on request', () => {
    // GIVEN / WHEN / THEN
    expect(build().statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(build({ updateStrategy: SpiloUpdateStrategy.ON_DELETE }).statefulSet.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('PVC retention policy is Retain/Retain', () => {
    // GIVEN / WHEN
    const { statefulSet } = build();

    // THEN
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});
