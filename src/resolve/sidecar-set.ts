import { k8s } from 'cdk8s-plus-28';
import { resolveSidecar, SidecarContext } from './sidecar';
import { PodContainerSet, PodParts, RenderedPod, ResolvedSidecar } from '../model/pod';
import { assertHostPorts, assertNoPlaintextSecrets, assertVolumePolicy, containerSecurity } from '../private/pod-security';
import { POSTGRES_CONTAINER, RUN_VOLUME, volumeLayout } from '../private/spilo-pod';
import { assertDns1123Label, fail } from '../private/validation';
import { PostgresSidecar } from '../sidecar/postgres-sidecar';

/** What one `addSidecar` changed. */
export interface SidecarChange {
  readonly added?: ResolvedSidecar;
  readonly dropped?: ResolvedSidecar;
}

interface InitEntry {
  readonly prop: string;
  readonly container: k8s.Container;
}

/**
 * The sidecars and init containers of one cluster, in the operator's order: the cluster's own
 * (props, then `addSidecar`), then the fleet's, de-duplicated by name with the earlier one winning.
 * A name used twice by the cluster itself, or twice by the fleet, is an error.
 */
export class SidecarSet implements PodContainerSet {
  private readonly own: ResolvedSidecar[] = [];
  private readonly fleet: ResolvedSidecar[] = [];
  private readonly ownInit: InitEntry[] = [];
  private readonly fleetInit: InitEntry[] = [];

  constructor(private readonly ctx: SidecarContext) {}

  /**
   * Resolves a sidecar into the set. Returns what changed: the sidecar taken (none when a cluster sidecar of that name
   * already wins) and a fleet sidecar it replaced, whose objects must go.
   */
  public addSidecar(sidecar: PostgresSidecar, prop: string, fromFleet = false): SidecarChange {
    const name = sidecar?._props?.name;
    const list = fromFleet ? this.fleet : this.own;
    if (list.some(s => s.container.name === name)) fail(`${prop}.name`, name, `a name not used by another of the ${fromFleet ? "fleet's" : "cluster's"} sidecars`);
    if (fromFleet && this.own.some(s => s.container.name === name)) return {}; // the cluster's own wins, as in the operator
    const shadowed = this.fleet.findIndex(s => s.container.name === name);
    const dropped = !fromFleet && shadowed >= 0 ? this.fleet.splice(shadowed, 1)[0] : undefined;
    const added = resolveSidecar(sidecar, prop, this.ctx);
    list.push(added);
    return { added, ...(dropped ? { dropped } : {}) };
  }

  public addInitContainer(container: k8s.Container, prop: string, fromFleet = false): void {
    const list = fromFleet ? this.fleetInit : this.ownInit;
    if (typeof container?.name !== 'string' || container.name === '') fail(`${prop}.name`, container?.name, 'a container name');
    assertDns1123Label(`${prop}.name`, container.name);
    if (!container.image) fail(`${prop}.image`, container.image, 'a container image');
    if (container.name === POSTGRES_CONTAINER || list.some(e => e.container.name === container.name)) {
      fail(`${prop}.name`, container.name, 'a name not used by another container of the pod');
    }
    // A fleet init container the cluster replaces is not part of the pod: the cluster's policy does not judge it.
    if (fromFleet && this.ownInit.some(e => e.container.name === container.name)) return;
    assertNoPlaintextSecrets(`${prop}.env`, container.env, this.ctx.policy);
    assertHostPorts(`${prop}.ports`, container.ports, this.ctx.policy);
    const securityContext = containerSecurity(`${prop}.securityContext`, container.securityContext, this.ctx.policy);
    container = { ...container, ...(securityContext ? { securityContext } : {}) };
    const shadowed = this.fleetInit.findIndex(e => e.container.name === container.name);
    if (!fromFleet && shadowed >= 0) this.fleetInit.splice(shadowed, 1);
    list.push({ prop, container });
  }

  /** The effective sidecars, in pod order. */
  public get sidecars(): ResolvedSidecar[] {
    return [...this.own, ...this.fleet];
  }

  /** The pod's containers, init containers and volumes; validates what only the whole pod shows. */
  public assemble(parts: PodParts): RenderedPod {
    const sidecars = this.sidecars;
    const inits = [...this.ownInit, ...this.fleetInit];
    const containerNames = new Map<string, string>([[POSTGRES_CONTAINER, 'the postgres container']]);
    for (const s of sidecars) containerNames.set(s.container.name, s.prop);
    for (const e of inits) {
      if (containerNames.has(e.container.name)) fail(`${e.prop}.name`, e.container.name, 'a name not used by another container of the pod');
      containerNames.set(e.container.name, e.prop);
    }
    const ports = new Map<string, string>();
    const portNames = new Map<string, string>();
    for (const s of sidecars) {
      (s.container.ports ?? []).forEach((port, i) => {
        const key = `${port.containerPort}/${port.protocol}`;
        if (ports.has(key)) fail(`${s.prop}.ports[${i}].containerPort`, port.containerPort, `a port not used by another sidecar (${ports.get(key)})`);
        ports.set(key, s.prop);
        if (port.name !== undefined) {
          if (portNames.has(port.name)) fail(`${s.prop}.ports[${i}].name`, port.name, `a port name not used by another sidecar (${portNames.get(port.name)})`);
          portNames.set(port.name, s.prop);
        }
      });
    }

    const socketContainers = sidecars.filter(s => s.sidecar.shareSocket).map(s => s.container.name);
    parts.additionalVolumes.forEach((av, i) => assertVolumePolicy(`additionalVolumes[${i}].volume`, av.volume ?? {}, this.ctx.policy));
    const layout = volumeLayout(parts.shm, parts.additionalVolumes, [POSTGRES_CONTAINER, ...sidecars.map(s => s.container.name)], socketContainers,
      parts.postgresVolumes.map(v => v.name));
    const volumes = [...layout.volumes, ...parts.postgresVolumes];
    const volumeNames = new Set(['pgdata', ...volumes.map(v => v.name)]);
    for (const s of sidecars) {
      s.volumes.forEach((v, i) => {
        const vprop = i < (s.sidecar._props.volumes ?? []).length ? `${s.prop}.volumes[${i}].name` : `${s.prop}.configFiles`;
        if (volumeNames.has(v.name)) fail(vprop, v.name, `a volume name not used by another volume of the pod (${[...volumeNames].join(', ')})`);
        volumeNames.add(v.name);
        volumes.push(v);
      });
    }
    // Volumes only postgres may mount: the API token, backup credentials, and the trusted socket (unless shared on purpose).
    const postgresOnly = new Set([...parts.postgresVolumes.map(v => v.name), RUN_VOLUME]);
    const mountable = [...volumeNames].filter(n => !postgresOnly.has(n));
    for (const s of sidecars) {
      (s.sidecar._props.volumeMounts ?? []).forEach((m, i) => {
        const allowed = volumeNames.has(m.name) && (!postgresOnly.has(m.name) || (m.name === RUN_VOLUME && s.sidecar.shareSocket));
        if (!allowed) fail(`${s.prop}.volumeMounts[${i}].name`, m.name, `a volume of the pod other than postgres's own (${mountable.join(', ')})`);
      });
    }
    for (const e of inits) {
      (e.container.volumeMounts ?? []).forEach((m, i) => {
        if (postgresOnly.has(m.name)) fail(`${e.prop}.volumeMounts[${i}].name`, m.name, `a volume other than postgres's own (${[...postgresOnly].join(', ')})`);
      });
    }
    const postgres: k8s.Container = {
      ...parts.postgres,
      volumeMounts: [...parts.postgres.volumeMounts ?? [], ...(layout.mounts.get(POSTGRES_CONTAINER) ?? []), ...parts.postgresMounts],
    };
    const containers = [postgres, ...sidecars.map(s => ({
      ...s.container,
      volumeMounts: [...s.container.volumeMounts ?? [], ...(layout.mounts.get(s.container.name) ?? [])],
    }))];
    return {
      containers,
      ...(inits.length ? { initContainers: inits.map(e => e.container) } : {}),
      ...(volumes.length ? { volumes } : {}),
    };
  }
}
