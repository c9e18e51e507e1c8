import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedSidecar } from '../model/pod';
import { ClusterIdentity } from '../model/resolved-cluster';
import { declareExternal } from '../private/external';
import { kubeObject } from '../private/kube-object';
import { releaseNamespaceConfigMap, useNamespaceConfigMap } from '../private/namespace-config-map';

/** Construct id of a sidecar's config ConfigMap: removed again when a cluster sidecar replaces a fleet one. */
export const sidecarConfigId = (s: ResolvedSidecar) => `SidecarConfig-${s.container.name}`;

/** What a sidecar brings besides its container: its config files' ConfigMap and the references it makes. */
export function renderSidecarObjects(scope: Construct, c: ClusterIdentity, s: ResolvedSidecar): void {
  for (const ref of s.externals) declareExternal(scope, ref.kind, ref.namespace, ref.name);
  if (s.configMap?.shared) {
    useNamespaceConfigMap(scope, c.namespace, { name: s.configMap.name, data: s.configMap.data, component: `${s.container.name}-config` });
  } else if (s.configMap) {
    kubeObject(scope, sidecarConfigId(s), k8s.KubeConfigMap.GVK, { name: s.configMap.name, namespace: c.namespace, labels: c.labels },
      { data: s.configMap.data });
  }
}

/** Undoes renderSidecarObjects' ConfigMap for a fleet sidecar the cluster replaced. */
export function removeSidecarObjects(scope: Construct, c: ClusterIdentity, s: ResolvedSidecar): void {
  if (s.configMap?.shared) releaseNamespaceConfigMap(scope, c.namespace, s.configMap.name);
  else scope.node.tryRemoveChild(sidecarConfigId(s));
}
