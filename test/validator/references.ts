/**
 * Our own rules about Secrets and references:
 *  - no Secret carries data or stringData (no password ever lands in git);
 *  - a non-optional Secret/ConfigMap reference, a pod's ServiceAccount and a
 *    RoleBinding's Role name an object of the same manifest set (same
 *    namespace) or one the caller declared external. A missing one leaves pods
 *    stuck in CreateContainerConfigError or rejected at admission. Every
 *    namespace has the ServiceAccount "default" and the ConfigMap
 *    "kube-root-ca.crt" (kube-controller-manager publishes the cluster CA).
 */

import { IssueSink, field } from './issues';
import type { Occurrence, Occurrences } from './schema-walk';

export interface ExternalObject {
  readonly kind: 'Secret' | 'ConfigMap' | string;
  /** undefined: matches any namespace */
  readonly namespace?: string;
  readonly name: string;
}

/** A reference found in one object. */
export interface Reference {
  readonly kind: string;
  readonly name: string;
  /** JSON path of the field holding the name */
  readonly path: string;
  /** document order, so issues come out in the order a reader meets them */
  readonly order: number;
}

const CORE = 'io.k8s.api.core.v1.';

/** Definitions that reference another object: where its name is and which kind it is. */
const REFERENCE_DEFS: Record<string, { kind: string; nameField: string }> = {
  [`${CORE}SecretKeySelector`]: { kind: 'Secret', nameField: 'name' },
  [`${CORE}SecretEnvSource`]: { kind: 'Secret', nameField: 'name' },
  [`${CORE}SecretVolumeSource`]: { kind: 'Secret', nameField: 'secretName' },
  [`${CORE}SecretProjection`]: { kind: 'Secret', nameField: 'name' },
  [`${CORE}ConfigMapKeySelector`]: { kind: 'ConfigMap', nameField: 'name' },
  [`${CORE}ConfigMapEnvSource`]: { kind: 'ConfigMap', nameField: 'name' },
  [`${CORE}ConfigMapVolumeSource`]: { kind: 'ConfigMap', nameField: 'name' },
  [`${CORE}ConfigMapProjection`]: { kind: 'ConfigMap', nameField: 'name' },
};

export const REFERENCE_DEF_NAMES: readonly string[] = Object.keys(REFERENCE_DEFS);

/** References from the occurrences the schema walk recorded, skipping `optional: true` ones. */
export function collectReferences(found: Occurrences, podSpecs: readonly Occurrence[], obj: any): Reference[] {
  const out: Reference[] = [];
  for (const [def, { kind, nameField }] of Object.entries(REFERENCE_DEFS)) {
    for (const at of found.get(def) ?? []) {
      const v = at.value;
      if (typeof v !== 'object' || v === null || v.optional === true) continue;
      if (typeof v[nameField] === 'string' && v[nameField] !== '') {
        out.push({ kind, name: v[nameField], path: field(at.path, nameField), order: at.order });
      }
    }
  }
  for (const at of podSpecs) {
    // the ServiceAccount admission plugin rejects pods whose account does not exist ("default" always does)
    const sa = at.value?.serviceAccountName ?? at.value?.serviceAccount;
    if (typeof sa === 'string' && sa !== '' && sa !== 'default') {
      const key = at.value?.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
      out.push({ kind: 'ServiceAccount', name: sa, path: field(at.path, key), order: at.order });
    }
  }
  if (obj.kind === 'RoleBinding' && obj.roleRef?.kind === 'Role' && typeof obj.roleRef.name === 'string') {
    out.push({ kind: 'Role', name: obj.roleRef.name, path: 'roleRef.name', order: 0 });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** The cluster CA bundle, in every namespace; projected token volumes read ca.crt from it. */
const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';

/** Index of what the manifest set defines plus what the caller declared external. */
export class ObjectIndex {
  private readonly present = new Set<string>();
  constructor(private readonly external: readonly ExternalObject[]) {}

  add(kind: string, namespace: string, name: string): void {
    this.present.add(JSON.stringify([kind, namespace, name]));
  }

  has(kind: string, namespace: string, name: string): boolean {
    if (kind === 'ConfigMap' && name === ROOT_CA_CONFIG_MAP) return true;
    if (this.present.has(JSON.stringify([kind, namespace, name]))) return true;
    return this.external.some((e) => e.kind === kind && e.name === name && (e.namespace === undefined || e.namespace === namespace));
  }
}

export function checkReferences(refs: readonly Reference[], namespace: string, index: ObjectIndex, sink: IssueSink): void {
  for (const r of refs) {
    if (!index.has(r.kind, namespace, r.name)) {
      sink.add(r.path, 'ref/missing', `${r.kind} ${namespace}/${r.name} is neither in the manifests nor declared external (options.external), and the reference is not optional`);
    }
  }
}

/** Secrets are created in-cluster or by external-secrets; the manifests never carry their content. */
export function checkSecretHasNoData(obj: any, sink: IssueSink): void {
  if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') return;
  for (const key of ['data', 'stringData']) {
    const v = obj[key];
    if (v !== undefined && v !== null) {
      sink.add(key, 'secret/data', `a Secret must not carry ${key} in the manifests (no credential lands in git)`);
    }
  }
}
