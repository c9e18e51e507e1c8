import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterIdentity } from '../model/resolved-cluster';
import { ResolvedService, ResolvedServices } from '../model/services';
import { typedKubeObject } from '../private/kube-object';

/**
 * Services `<c>` (selects `spilo-role: master`) and `<c>-repl` (`spilo-role: replica`).
 * ConfigMaps DCS mode: the primary Service has a selector and no Endpoints object is emitted.
 */
export function renderServices(scope: Construct, cluster: ClusterIdentity, services: ResolvedServices) {
  const roleLabel = cluster.keys.podRoleLabel;
  const make = (id: string, s: ResolvedService) => typedKubeObject(k8s.KubeService, scope, id, {
    // A typed class (public field) that renders as a plain ApiObject: the same manifest, rendered faster.
    name: s.name,
    namespace: cluster.namespace,
    labels: { ...cluster.labels, [roleLabel]: s.role },
    ...(Object.keys(s.annotations).length ? { annotations: s.annotations } : {}),
  }, {
    spec: {
      type: s.nodePort ? 'NodePort' : s.loadBalancer ? 'LoadBalancer' : 'ClusterIP',
      ports: [{ name: 'postgresql', port: 5432, targetPort: 5432, ...(s.nodePort?.port !== undefined ? { nodePort: s.nodePort.port } : {}) }],
      selector: { ...cluster.selector, [roleLabel]: s.role },
      ...(s.loadBalancer ? {
        loadBalancerSourceRanges: [...s.loadBalancer.sourceRanges],
        externalTrafficPolicy: s.loadBalancer.externalTrafficPolicy,
      } : {}),
      ...(s.nodePort ? { externalTrafficPolicy: s.nodePort.externalTrafficPolicy } : {}),
    },
  });
  return { primary: make('PrimaryService', services.primary), replica: make('ReplicaService', services.replica) };
}
