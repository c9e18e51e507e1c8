import { Duration } from 'cdk8s';
import { NodeReadinessLabelMerge } from '../../src';
import { named } from '../util';
import { buildPooler, POOLER, poolerSelector, REPLICA_POOLER } from './fixtures';

const toleration = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' };

describe('connection pooler pod template', () => {
  test('the connection-pooler container as the operator: image, pull policy, unnamed TCP port, tcpSocket readiness, no privilege escalation', () => {
    // GIVEN / WHEN
    const { container } = buildPooler();

    // THEN
    expect(container).toMatchObject({
      name: 'connection-pooler',
      image: 'ghcr.io/zalando/postgres-operator/pgbouncer:v2.0.1',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 5432, protocol: 'TCP' }],
      readinessProbe: { tcpSocket: { port: 5432 } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(container.livenessProbe).toBeUndefined();
  });

  test('image from the cluster over the fleet', () => {
    // GIVEN / WHEN
    const fleetOnly = buildPooler({}, {}, { connectionPooler: { image: 'registry.example.com/pgbouncer:1' } });
    const own = buildPooler({ image: 'registry.example.com/pgbouncer:2' }, {}, { connectionPooler: { image: 'registry.example.com/pgbouncer:1' } });

    // THEN the init container uses the same image
    expect(fleetOnly.container.image).toBe('registry.example.com/pgbouncer:1');
    expect(own.container.image).toBe('registry.example.com/pgbouncer:2');
    expect(own.pod.initContainers[0].image).toBe('registry.example.com/pgbouncer:2');
  });

  test('pod security: the image\'s pgbouncer user 100:101, non-root, RuntimeDefault seccomp; no fsGroup unless the cluster has one', () => {
    // GIVEN / WHEN
    const plain = buildPooler();
    const withFleet = buildPooler({}, {}, { fsGroup: 103 });
    const withOwn = buildPooler({}, { fsGroup: 104 }, { fsGroup: 103 });

    // THEN
    expect(plain.pod.securityContext).toEqual({ runAsUser: 100, runAsGroup: 101, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(withFleet.pod.securityContext.fsGroup).toBe(103);
    expect(withOwn.pod.securityContext.fsGroup).toBe(104);
  });

  test('its own ServiceAccount, without a token (not Patroni\'s, which may write ConfigMaps and pods)', () => {
    // GIVEN / WHEN
    const { pod, objects } = buildPooler();

    // THEN
    expect(pod.serviceAccountName).toBe(POOLER);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(named(objects, 'ServiceAccount', POOLER).automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).not.toBe(named(objects, 'StatefulSet', 'acid-test').spec.template.spec.serviceAccountName);
  });

  test('grace period from the fleet (pod_terminate_grace_period, 5 minutes by default)', () => {
    // GIVEN / WHEN
    const plain = buildPooler();
    const fleet = buildPooler({}, {}, { podTerminateGracePeriod: Duration.seconds(45) });

    // THEN
    expect(plain.pod.terminationGracePeriodSeconds).toBe(300);
    expect(fleet.pod.terminationGracePeriodSeconds).toBe(45);
  });

  test('pod annotations: fleet podAnnotations < cluster podAnnotations < inherited annotations, as the database pods', () => {
    // GIVEN / WHEN
    const { deployment } = buildPooler({}, {
      podAnnotations: { 'p.example.com/a': 'cluster', 'p.example.com/b': 'cluster' },
      annotations: { 'p.example.com/b': 'inherited' },
    }, { podAnnotations: { 'p.example.com/a': 'fleet', 'p.example.com/f': 'fleet' } });

    // THEN
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'p.example.com/a': 'cluster', 'p.example.com/b': 'inherited', 'p.example.com/f': 'fleet',
    });
  });

  test('no tolerations or affinity by default', () => {
    // GIVEN / WHEN
    const { pod } = buildPooler();

    // THEN
    expect(pod.tolerations).toBeUndefined();
    expect(pod.affinity).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(pod.priorityClassName).toBeUndefined();
  });

  test('tolerations as the database pods: the cluster\'s replace the fleet\'s', () => {
    // GIVEN / WHEN
    const fleet = buildPooler({}, {}, { tolerations: [toleration] });
    const own = buildPooler({}, { tolerations: [{ ...toleration, value: 'pooler' }] }, { tolerations: [toleration] });

    // THEN
    expect(fleet.pod.tolerations).toEqual([toleration]);
    expect(own.pod.tolerations).toEqual([{ ...toleration, value: 'pooler' }]);
  });

  test('anti-affinity on the pooler\'s own selector labels (each pooler repels its own pods), plus node affinity', () => {
    // GIVEN anti-affinity, a node readiness label and a node affinity
    const nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['db'] }] }],
      },
    };
    const { objects } = buildPooler({ replica: true }, { nodeAffinity }, {
      podAntiAffinity: { topologyKey: 'topology.kubernetes.io/zone' },
      nodeReadinessLabel: { ready: 'true' },
      nodeReadinessLabelMerge: NodeReadinessLabelMerge.AND,
    });

    // THEN
    for (const name of [POOLER, REPLICA_POOLER]) {
      expect(named(objects, 'Deployment', name).spec.template.spec.affinity).toEqual({
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: poolerSelector(name) }, topologyKey: 'topology.kubernetes.io/zone' }],
        },
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{
              matchExpressions: [{ key: 'pool', operator: 'In', values: ['db'] }, { key: 'ready', operator: 'In', values: ['true'] }],
            }],
          },
        },
      });
    }
  });

  test('preferred anti-affinity from the cluster\'s own option', () => {
    // GIVEN / WHEN
    const { pod } = buildPooler({}, { podAntiAffinity: { preferred: true } });

    // THEN
    expect(pod.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 1, podAffinityTerm: { labelSelector: { matchLabels: poolerSelector(POOLER) }, topologyKey: 'kubernetes.io/hostname' },
        }],
      },
    });
  });

  test('replicas: 2 by default, the cluster\'s or the fleet\'s instances otherwise, independent of the database members', () => {
    // GIVEN / WHEN
    const plain = buildPooler({}, { instances: 3 });
    const fleet = buildPooler({}, {}, { connectionPooler: { instances: 4 } });
    const own = buildPooler({ instances: 1 }, {}, { connectionPooler: { instances: 4 } });

    // THEN
    expect(plain.deployment.spec.replicas).toBe(2);
    expect(fleet.deployment.spec.replicas).toBe(4);
    expect(own.deployment.spec.replicas).toBe(1);
  });
});
