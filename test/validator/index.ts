/**
 * The manifest validator every test runs on synthesized output: the
 * Kubernetes 1.28 schema (strict, as `kubectl apply --validate=strict`), the
 * semantic rules the API server enforces, and this project's own rules.
 *
 *   assertValidManifests(Testing.synth(chart), { external: [{ kind: 'Secret', name: 'tls' }] });
 */

import { checkClaims } from './claim-rules';
import { checkDataKeys } from './data-rules';
import { IssueSink, ManifestIssue, formatIssues } from './issues';
import { isObject } from './json';
import { checkLabelSelector, checkLabelsAndAnnotations, checkObjectMeta } from './meta-rules';
import { checkPodSpec } from './pod-rules';
import { checkRbac } from './rbac-rules';
import { ExternalObject, ObjectIndex, REFERENCE_DEF_NAMES, Reference, checkReferences, checkSecretHasNoData, collectReferences } from './references';
import { builtinSchema, lookupKind, apiVersionsOfKind } from './schema-load';
import { Occurrences, walk } from './schema-walk';
import { checkWorkloadSelector } from './selectors';
import { checkService, checkServiceType } from './service-rules';
import { checkWorkloadSpec } from './workload-rules';

export type { ManifestIssue } from './issues';
export { formatIssues } from './issues';
export type { ExternalObject } from './references';
export { registerCrd, registerCustomResource } from './crd';
export { clearRegisteredKinds } from './schema-load';

export interface ValidateOptions {
  /** objects the manifests may reference without defining them (Secrets the user already has...) */
  readonly external?: ExternalObject[];
  /** namespace of objects without metadata.namespace; default "default" */
  readonly defaultNamespace?: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const OBJECT_META = `${META}ObjectMeta`;
const LABEL_SELECTOR = `${META}LabelSelector`;
const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';
const INTEREST: ReadonlySet<string> = new Set([OBJECT_META, LABEL_SELECTOR, POD_SPEC, ...REFERENCE_DEF_NAMES]);

interface Checked {
  readonly obj: any;
  readonly sink: IssueSink;
  readonly namespace: string;
  readonly refs: Reference[];
}

/** Validates a set of synthesized objects; returns every issue found (empty when clean). */
export function validateManifests(objects: any[], options: ValidateOptions = {}): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const defaultNs = options.defaultNamespace ?? 'default';
  const index = new ObjectIndex(options.external ?? []);
  const seen = new Map<string, number>();
  const checked: Checked[] = [];
  const defs = builtinSchema().defs;

  objects.forEach((obj, i) => {
    const kind = isObject(obj) && typeof obj.kind === 'string' ? obj.kind : `objects[${i}]`;
    const meta = isObject(obj) && isObject(obj.metadata) ? obj.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : undefined;
    const nsField = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const sink = new IssueSink(issues, { kind, namespace: nsField, name });
    if (!isObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      sink.add('', 'schema/kind', 'every object needs a string apiVersion and kind');
      return;
    }
    const schema = lookupKind(obj.apiVersion, obj.kind);
    if (!schema) {
      const known = apiVersionsOfKind(obj.kind);
      const hint = known.length ? ` (known as ${known.join(', ')})` : ' (register its CRD with registerCrd)';
      sink.add('apiVersion', 'schema/unknown-kind', `${obj.apiVersion} ${obj.kind} is not a Kubernetes 1.28 kind nor a registered custom resource${hint}`);
      return;
    }
    if (/^v\d+alpha\d+$/.test(obj.apiVersion.split('/').pop() ?? '') && schema.origin === 'builtin') {
      sink.add('apiVersion', 'schema/alpha-api', `${obj.apiVersion} is an alpha API, not served by a default API server`);
    }

    const found: Occurrences = new Map();
    walk(obj, schema.root, '', { defs, sink, interest: INTEREST, found, recorded: 0 });

    checkObjectMeta(obj, schema.namespaced, sink);
    for (const at of found.get(OBJECT_META) ?? []) checkLabelsAndAnnotations(at, sink);
    for (const at of found.get(LABEL_SELECTOR) ?? []) checkLabelSelector(at, sink);
    const podSpecs = found.get(POD_SPEC) ?? [];
    const claims = obj.kind === 'StatefulSet' ? claimTemplateNames(obj) : [];
    for (const at of podSpecs) checkPodSpec(at.value, at.path, obj.kind, claims, sink);
    checkWorkloadSelector(obj, sink);
    checkWorkloadSpec(obj, sink);
    checkService(obj, sink);
    checkServiceType(obj, sink);
    checkSecretHasNoData(obj, sink);
    checkDataKeys(obj, sink);
    checkRbac(obj, sink);
    checkClaims(obj, sink);

    // duplicates: the API identity is group + kind + namespace + name (the version does not count)
    const namespace = schema.namespaced ? nsField ?? defaultNs : '';
    if (name !== undefined) {
      const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
      const key = JSON.stringify([group, obj.kind, namespace, name]);
      const first = seen.get(key);
      if (first !== undefined) sink.add('metadata.name', 'object/duplicate', `same ${group || 'core'} ${obj.kind} ${namespace ? namespace + '/' : ''}${name} as objects[${first}]`);
      else seen.set(key, i);
      index.add(obj.kind, namespace, name);
    }
    checked.push({ obj, sink, namespace, refs: collectReferences(found, podSpecs, obj) });
  });

  // references need the whole set indexed first
  for (const c of checked) checkReferences(c.refs, c.namespace, index, c.sink);
  return issues;
}

function claimTemplateNames(obj: any): string[] {
  const out: string[] = [];
  for (const t of Array.isArray(obj.spec?.volumeClaimTemplates) ? obj.spec.volumeClaimTemplates : []) {
    if (typeof t?.metadata?.name === 'string') out.push(t.metadata.name);
  }
  return out;
}

/** Throws an Error listing every issue, one per line, when the manifests are not clean. */
export function assertValidManifests(objects: any[], options?: ValidateOptions): void {
  const issues = validateManifests(objects, options);
  if (issues.length > 0) {
    throw new Error(`${issues.length} manifest issue(s):\n${formatIssues(issues)}`);
  }
}
