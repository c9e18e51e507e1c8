/**
 * Shared pieces of the validator/API-server agreement table: the case type,
 * builders that break one field of a fixture, and the known differences
 * between the validator and particular servers.
 */

import { deployment } from './agreement-fixtures';

export type Verdict = 'accepted' | 'rejected';

export interface AgreementCase {
  readonly name: string;
  readonly object: any;
  readonly verdict: Verdict;
  /** A known disagreement: the server minor versions (1.x) whose verdict is the opposite one, and why. */
  readonly differs?: { readonly on: (minor: number) => boolean; readonly because: string };
}

type Pod = any;
type Container = any;

/** A Deployment changed by `f(pod spec, first container, deployment)`. */
export function dep(f: (pod: Pod, pg: Container, d: any) => void): any {
  const d = deployment();
  f(d.spec.template.spec, d.spec.template.spec.containers[0], d);
  return d;
}
export const tok = (pod: Pod) => pod.volumes[0].projected.sources;
export function with_<T>(o: T, f: (o: T) => void): T {
  f(o);
  return o;
}
export const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
export const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
export const nodeTerm = (requirement: any) => ({ nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [requirement] }] } } });
/** The library's preferred anti-affinity on its own cluster's pods, with `extra` merged into the term or its weight. */
export function antiAffinity(extra: { weight?: number; topologyKey?: string; namespaces?: string[] }): any {
  const { weight, ...term } = extra;
  return {
    podAntiAffinity: {
      [PREF]: [{ weight: weight ?? 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'cluster-name': 'agree' } }, ...term } }],
    },
  };
}
export const spread = (extra: any) => ({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'cluster-name': 'agree' } }, ...extra });
export const ok = (name: string, object: any, differs?: AgreementCase['differs']): AgreementCase => ({ name, object, verdict: 'accepted', differs });
export const bad = (name: string, object: any, differs?: AgreementCase['differs']): AgreementCase => ({ name, object, verdict: 'rejected', differs });

/** RelaxedEnvironmentVariableValidation is on by default from 1.32 (beta) and locked on in 1.34; the library supports 1.28. */
export const RELAXED_ENV = { on: (minor: number) => minor >= 32, because: 'newer servers accept any printable ASCII env name but "="; 1.28 does not' };
/** 1.28 does not check a token projection's path; 1.34 does (the first version that does was not pinned down). */
export const TOKEN_PATH = { on: (minor: number) => minor === 28, because: '1.28 accepts any serviceAccountToken path; 1.34 requires a local one' };
/** 1.28 only warns about TZ= in a CronJob schedule; 1.34 refuses it (first such version not pinned down). */
export const CRON_TZ = { on: (minor: number) => minor === 28, because: '1.28 only warns about TZ= in a schedule; 1.34 rejects it' };
/** 1.28 stores claim templates unchecked (the controller's claim creation fails later); 1.34 checks them at admission. */
export const CLAIM_TEMPLATES = { on: (minor: number) => minor === 28, because: '1.28 does not check claim templates; 1.34 does' };
/** 1.28 refuses a load balancer on the kubelet's port 10250; 1.34 no longer checks (first such version not pinned down). */
export const KUBELET_PORT = { on: (minor: number) => minor === 34, because: '1.34 no longer refuses port 10250 on a load balancer; 1.28 does' };
/** The API server stores these; the kubelet refuses the pod later. The validator reports it now, on purpose. */
export const KUBELET = { on: () => true, because: 'the kubelet, not the API server, refuses it' };
/** The API server stores it; the StatefulSet controller then cannot create pods (controller-revision-hash label). */
export const CONTROLLER = { on: () => true, because: 'the StatefulSet controller, not the API server, fails on it' };
/** Accepted by Kubernetes, refused by this project: a Service or probe naming the port would be ambiguous. */
export const PROJECT = { on: () => true, because: 'a rule of this project, stricter than Kubernetes' };
