/*
 * Adds connection env (and a CA volume) to an application workload of cdk8s-plus, of whichever major version the
 * app uses: the workload is reached through the API every cdk8s-plus line shares (`containers`, `env.addVariable`,
 * `addVolume`, `mount`), and the values are cdk8s-plus-28 objects, which those lines read by their fields.
 */
import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { EnvValue, Secret, Volume } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { declareExternal } from './external';

interface PlusEnv {
  readonly variables?: Record<string, unknown>;
  addVariable(name: string, value: unknown): void;
}
interface PlusContainer {
  readonly name?: string;
  readonly env: PlusEnv;
  mount(path: string, storage: unknown, options?: unknown): void;
}
interface PlusWorkload extends IConstruct {
  readonly containers: PlusContainer[];
  readonly volumes?: unknown[];
  addVolume(volume: unknown): void;
}

/** One env variable: a literal, or a key of a Secret. */
export interface ClientEnv {
  readonly name: string;
  readonly value?: string;
  readonly secretName?: string;
  readonly secretKey?: string;
}

export interface ClientWiring {
  /** Where the pieces (the imported Secrets, the volume) are created. */
  readonly scope: Construct;
  /** For messages and ids. */
  readonly prop: string;
  readonly env: ClientEnv[];
  /** A CA file to mount: `PGSSLROOTCERT` names it. */
  readonly ca?: { readonly secretName: string; readonly key: string; readonly volumeName: string; readonly path: string };
  readonly containers?: string[];
  /** The workload's namespace, where the Secrets must be (they are declared external there). */
  readonly namespace?: string;
}

/** The workload as cdk8s-plus sees it, or an error saying what `connect()` takes. */
export function plusWorkload(workload: IConstruct, prop: string): PlusWorkload {
  const w = workload as Partial<PlusWorkload>;
  const ok = Array.isArray(w.containers) && typeof w.addVolume === 'function'
    && w.containers.every(c => typeof c?.env?.addVariable === 'function' && typeof c.mount === 'function');
  if (!ok) {
    throw new Error(`${prop}: ${workload.node.path} is not a cdk8s-plus workload (Deployment, StatefulSet, Job, CronJob, DaemonSet, Pod); `
      + 'connect() adds env to its containers. For other objects, use userSecret() and primaryEndpoint');
  }
  return w as PlusWorkload;
}

/** The namespace the workload's pods run in: its object's, else its chart's (undefined: wherever it is applied). */
export function workloadNamespace(workload: IConstruct): string | undefined {
  const object = workload instanceof ApiObject ? workload : workload.node.findAll().find((c): c is ApiObject => c instanceof ApiObject);
  return object?.metadata.namespace ?? Chart.of(workload).namespace;
}

/** Adds the env to the chosen containers and mounts the CA; refuses a variable a container already has. */
export function wireClient(workload: PlusWorkload, wiring: ClientWiring): void {
  const names = workload.containers.map(c => c.name);
  for (const wanted of wiring.containers ?? []) {
    if (!names.includes(wanted)) throw new Error(`${wiring.prop}.containers: no container '${wanted}' in ${workload.node.path}; it has ${names.join(', ') || 'none'}`);
  }
  const targets = workload.containers.filter(c => !wiring.containers || wiring.containers.includes(c.name ?? ''));
  if (targets.length === 0) throw new Error(`${wiring.prop}: ${workload.node.path} has no containers yet; add them before connect()`);
  for (const c of targets) {
    const taken = wiring.env.map(e => e.name).filter(n => c.env.variables && n in c.env.variables);
    if (taken.length) {
      throw new Error(`${wiring.prop}: container '${c.name}' of ${workload.node.path} already has ${taken.join(', ')} `
        + '(connected twice, or to two clusters?); choose other containers with the containers option');
    }
  }
  // One connect() per workload and set of containers (a second one into the same containers is refused above).
  const key = createHash('sha256').update(`${workload.node.path}\n${targets.map(c => c.name).join(',')}`).digest('hex').slice(0, 8);
  const id = (what: string) => `Connect${key}${what}`;
  const values = wiring.env.map(e => [e.name, e.secretName !== undefined
    ? EnvValue.fromSecretValue({ secret: Secret.fromSecretName(wiring.scope, id(`${e.name}Secret`), e.secretName), key: e.secretKey! })
    : EnvValue.fromValue(e.value!)] as const);
  for (const c of targets) for (const [name, value] of values) c.env.addVariable(name, value);
  // Made in-cluster (or by the user): the workload's chart references them without emitting them.
  const secrets = new Set([...wiring.env.flatMap(e => e.secretName ?? []), ...(wiring.ca ? [wiring.ca.secretName] : [])]);
  for (const name of secrets) declareExternal(workload as unknown as Construct, 'Secret', wiring.namespace, name);
  if (wiring.ca) {
    // The same cluster's CA for other containers of the workload: one volume.
    const existing = (workload.volumes ?? []).find(v => (v as { name?: string }).name === wiring.ca!.volumeName);
    const secret = Secret.fromSecretName(wiring.scope, id('CaSecret'), wiring.ca.secretName);
    const volume = existing ?? Volume.fromSecret(wiring.scope, id('CaVolume'), secret, { name: wiring.ca.volumeName, items: { [wiring.ca.key]: { path: 'ca.crt' } } });
    if (!existing) workload.addVolume(volume);
    for (const c of targets) c.mount(wiring.ca.path, volume, { readOnly: true });
  }
}
