import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedCluster } from '../model/resolved-cluster';
import { declareExternal } from '../private/external';
import { typedKubeObject } from '../private/kube-object';
import { names } from '../private/names';
import { useNamespaceConfigMap } from '../private/namespace-config-map';
import { memoized } from '../private/render-memo';
import { withContext } from '../private/validation';

/**
 * The Spilo StatefulSet `<c>`: the resolved pod as its template, the pgdata claim template, and the
 * update strategy (OnDelete when a Job rolls the members with one switchover). The containers are
 * assembled lazily, so that sidecars and init containers added after construction count.
 */
export function renderSpiloStatefulSet(scope: Construct, c: ResolvedCluster): k8s.KubeStatefulSet {
  const pod = c.pod;
  for (const ref of pod.externals) declareExternal(scope, ref.kind, ref.namespace, ref.name);
  useNamespaceConfigMap(scope, c.namespace, { name: pod.hooks.name, data: pod.hooks.data, component: 'hooks' });
  // Once per synth of the chart (the three lists below and the rollout Job's hash read the same assembly).
  const assemble = () => memoized(c.sidecars, () => withContext(scope.node.path, () => c.sidecars.assemble(pod.parts)));
  const template = {
    metadata: { labels: pod.labels, ...(Object.keys(pod.annotations).length ? { annotations: pod.annotations } : {}) },
    spec: {
      serviceAccountName: pod.serviceAccountName,
      // Deviation: the operator lets every container of the pod read the token; postgres mounts it itself.
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
      ...(Object.keys(pod.securityContext).length ? { securityContext: pod.securityContext } : {}),
      // The user's init containers and the volumes (few) converted whole; the containers field by field.
      initContainers: Lazy.any({ produce: () => assemble().initContainers?.map(i => k8s.toJson_Container(i)) }),
      containers: Lazy.any({ produce: () => assemble().containers.map(containerJson) }),
      volumes: Lazy.any({ produce: () => assemble().volumes?.map(v => k8s.toJson_Volume(v)) }),
      // An empty list would not survive the API server's round trip (GitOps drift), so omit it.
      ...(pod.tolerations.length ? { tolerations: pod.tolerations.map(t => k8s.toJson_Toleration(t)) } : {}),
      ...(pod.affinity ? { affinity: k8s.toJson_Affinity(pod.affinity) } : {}),
      ...(pod.topologySpreadConstraints
        ? { topologySpreadConstraints: pod.topologySpreadConstraints.map(s => k8s.toJson_TopologySpreadConstraint(s)) } : {}),
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      ...(pod.schedulerName ? { schedulerName: pod.schedulerName } : {}),
    },
  };
  // A typed class (public field) that renders as a plain ApiObject: the same manifest, rendered faster.
  return typedKubeObject(k8s.KubeStatefulSet, scope, 'Resource', {
    name: names.statefulSet(c.name),
    namespace: c.namespace,
    labels: c.labels,
    ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}),
  }, {
    spec: {
      replicas: c.instances,
      selector: { matchLabels: c.selector },
      serviceName: names.primaryService(c.name),
      podManagementPolicy: c.podManagementPolicy,
      updateStrategy: { type: c.updateStrategyType },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template,
      volumeClaimTemplates: [k8s.toJson_KubePersistentVolumeClaimProps(c.volumeClaim)],
    },
  });
}

/**
 * A container of the pod in JSON form. The library builds each from known fields only and its env
 * entries are its own or converted on entry (env is most of the typed conversion's cost); the
 * fields that may hold the user's typed values or quantities are converted as the typed class would.
 */
function containerJson(c: k8s.Container): Record<string, unknown> {
  return {
    ...c,
    ...(c.ports ? { ports: c.ports.map(p => k8s.toJson_ContainerPort(p)) } : {}),
    ...(c.envFrom ? { envFrom: c.envFrom.map(e => k8s.toJson_EnvFromSource(e)) } : {}),
    ...(c.resources ? { resources: k8s.toJson_ResourceRequirements(c.resources) } : {}),
    ...(c.readinessProbe ? { readinessProbe: k8s.toJson_Probe(c.readinessProbe) } : {}),
    ...(c.livenessProbe ? { livenessProbe: k8s.toJson_Probe(c.livenessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: k8s.toJson_Probe(c.startupProbe) } : {}),
    ...(c.securityContext ? { securityContext: k8s.toJson_SecurityContext(c.securityContext) } : {}),
    ...(c.volumeMounts ? { volumeMounts: c.volumeMounts.map(m => k8s.toJson_VolumeMount(m)) } : {}),
  };
}

