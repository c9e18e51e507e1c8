import { k8s } from 'cdk8s-plus-28';
import { SidecarSet } from './sidecar-set';
import { FleetDefaultsProps } from '../cluster/fleet-defaults';
import { PostgresClusterProps } from '../cluster/postgres-cluster-props';
import { PodPolicy } from '../private/pod-security';

export interface ClusterSidecarInput {
  readonly cluster: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly superuser: string;
  readonly pgdataMount: k8s.VolumeMount;
  readonly policy: PodPolicy;
}

/**
 * The container set of a cluster's pods from its props and the fleet's: the cluster's sidecars and
 * init containers first, then the fleet's (the operator's manifest-then-global order).
 */
export function resolveSidecars(props: PostgresClusterProps, fleet: FleetDefaultsProps, input: ClusterSidecarInput): SidecarSet {
  const pod = new SidecarSet({
    ...input,
    defaultResources: fleet.resources,
    setMemoryRequestToLimit: fleet.resourceThresholds?.setMemoryRequestToLimit ?? false,
  });
  (props.initContainers ?? []).forEach((c, i) => pod.addInitContainer(c, `initContainers[${i}]`));
  (fleet.initContainers ?? []).forEach((c, i) => pod.addInitContainer(c, `fleet.initContainers[${i}]`, true));
  (props.sidecars ?? []).forEach((s, i) => pod.addSidecar(s, `sidecars[${i}]`));
  (fleet.sidecars ?? []).forEach((s, i) => pod.addSidecar(s, `fleet.sidecars[${i}]`, true));
  return pod;
}
