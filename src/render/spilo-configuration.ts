import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedSpiloPod } from '../model/pod';
import { ClusterIdentity } from '../model/resolved-cluster';
import { kubeObject } from '../private/kube-object';
import { reviewableJson } from '../private/reviewable-json';
import { SPILO_CONFIGURATION_KEY } from '../spilo/spilo-environment';

/**
 * `<c>-spilo-configuration`: the `SPILO_CONFIGURATION` every member reads when its container starts. Its name is
 * stable, so a change of `bootstrap.dcs` alone (which only a new cluster reads; the dynamic configuration Job
 * applies it to a running one) leaves the pod template as it is; the rest is digested into a pod annotation.
 */
export function renderSpiloConfiguration(scope: Construct, c: ClusterIdentity, pod: ResolvedSpiloPod): void {
  kubeObject(scope, 'SpiloConfiguration', k8s.KubeConfigMap.GVK, {
    name: pod.spiloConfiguration.name,
    namespace: c.namespace,
    labels: c.labels,
    ...(Object.keys(c.annotations).length ? { annotations: c.annotations } : {}),
  }, { data: { [SPILO_CONFIGURATION_KEY]: reviewableJson(pod.spiloConfiguration.document) } });
}
