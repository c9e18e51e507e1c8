/*
 * The resolved Spilo pod: what the renderer turns into the StatefulSet's pod template.
 */
import { k8s } from 'cdk8s-plus-28';
import { AdditionalVolume } from '../cluster/additional-volume';
import { ExternalReference } from '../private/external';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';
import { DynamicConfigurationSpec } from '../spilo/dynamic-configuration';

/** A sidecar with everything the cluster adds, except the socket and additional-volume mounts. */
export interface ResolvedSidecar {
  readonly prop: string;
  readonly sidecar: PostgresSidecar;
  readonly container: k8s.Container;
  /** Volumes the sidecar brings (its own, then its config ConfigMap). */
  readonly volumes: k8s.Volume[];
  /**
   * Its config files' ConfigMap, if it has one: `<c>-sidecar-<name>`, or for a built-in's files the namespace's
   * `cdk8s-postgres-<name>-<hash>` that every cluster there mounts (`shared`).
   */
  readonly configMap?: { readonly name: string; readonly data: Record<string, string>; readonly shared: boolean };
  /** Secrets and ConfigMaps it references by name. */
  readonly externals: ExternalReference[];
}

/** What the pod template gives the container set to finish the pod. */
export interface PodParts {
  /** The postgres container without its volume mounts. */
  readonly postgres: k8s.Container;
  readonly shm: boolean;
  readonly additionalVolumes: AdditionalVolume[];
  /** Mounts and volumes only postgres gets (API token, backups, log shipping). */
  readonly postgresMounts: k8s.VolumeMount[];
  readonly postgresVolumes: k8s.Volume[];
}

export interface RenderedPod {
  readonly containers: k8s.Container[];
  readonly initContainers?: k8s.Container[];
  readonly volumes?: k8s.Volume[];
}

/** The pod's sidecars and init containers, which `addSidecar` may still extend. */
export interface PodContainerSet {
  /** The effective sidecars, in pod order. */
  readonly sidecars: ResolvedSidecar[];
  /** The pod's containers, init containers and volumes; checks what only the whole pod shows. */
  assemble(parts: PodParts): RenderedPod;
}

/** The pod template's fields, resolved; the containers come from `parts` and the container set. */
export interface ResolvedSpiloPod {
  readonly parts: PodParts;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly serviceAccountName: string;
  readonly terminationGracePeriodSeconds: number;
  readonly securityContext: k8s.PodSecurityContext;
  readonly tolerations: k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly priorityClassName?: string;
  readonly schedulerName?: string;
  /** Secrets and ConfigMaps the pod references by name but the cluster does not emit. */
  readonly externals: ExternalReference[];
  /** The namespace's hooks ConfigMap the postgres container mounts (the preStop hook). */
  readonly hooks: { readonly name: string; readonly data: Readonly<Record<string, string>> };
  /** The `SPILO_CONFIGURATION` document and the ConfigMap the postgres container reads it from. */
  readonly spiloConfiguration: { readonly name: string; readonly document: Record<string, unknown> };
  /** What the dynamic configuration Job makes the live cluster's DCS configuration. */
  readonly dynamicConfiguration: DynamicConfigurationSpec;
}
