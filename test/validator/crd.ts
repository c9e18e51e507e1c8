/**
 * Extra kinds from CustomResourceDefinitions (ExternalSecret, PodMonitor,
 * PrometheusRule...). Until a kind is registered, objects of it are reported
 * as unknown, so a typo in apiVersion cannot slip through as "some CRD".
 *
 * A CRD's structural openAPIV3Schema is converted into the same node format as
 * the built-in schema, so the one walker handles both.
 */

import { registerKind } from './schema-load';
import type { NodeType, SchemaNode } from '../../scripts/schema/format';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Converts one JSON-schema (CRD openAPIV3Schema) node. allOf/anyOf/oneOf/not are value checks the walker skips. */
export function fromJsonSchema(s: any): SchemaNode {
  const n: SchemaNode = {};
  if (s['x-kubernetes-int-or-string']) {
    n.type = 'int-or-string';
  } else if (typeof s.type === 'string' && TYPES.has(s.type)) {
    n.type = s.type as NodeType;
  } else {
    n.type = 'any';
  }
  if (s.format) n.format = s.format;
  if (s.properties) {
    n.props = {};
    for (const [k, v] of Object.entries<any>(s.properties)) n.props[k] = fromJsonSchema(v);
  }
  if (s['x-kubernetes-embedded-resource']) {
    // an embedded object carries its own apiVersion/kind/metadata
    n.props = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { ref: OBJECT_META }, ...n.props };
  }
  if (Array.isArray(s.required) && s.required.length) n.required = [...s.required];
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) n.items = fromJsonSchema(s.items);
  if (s.additionalProperties === true) n.values = { type: 'any' };
  else if (s.additionalProperties && typeof s.additionalProperties === 'object') n.values = fromJsonSchema(s.additionalProperties);
  if (Array.isArray(s.enum)) n.enum = [...s.enum];
  for (const k of ['pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'nullable'] as const) {
    if (s[k] !== undefined) (n as any)[k] = s[k];
  }
  if (s['x-kubernetes-preserve-unknown-fields']) n.preserveUnknown = true;
  if (s['x-kubernetes-list-type']) n.listType = s['x-kubernetes-list-type'];
  if (s['x-kubernetes-list-map-keys']) n.listKeys = [...s['x-kubernetes-list-map-keys']];
  if (s.default !== undefined && typeof s.default !== 'object') n.default = s.default;
  if (n.type === 'object' && !n.props && !n.values && !n.preserveUnknown) {
    // structural schemas prune an object without properties to {}; reject any content instead
    n.props = {};
  }
  return n;
}

/**
 * The root node of a custom resource: the CRD schema plus the fields every
 * object has (the API server validates metadata as ObjectMeta whatever the CRD says).
 */
export function customResourceRoot(openAPIV3Schema: any): SchemaNode {
  const root = fromJsonSchema(openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
  root.type = 'object';
  root.props = {
    ...root.props,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { ref: OBJECT_META },
  };
  return root;
}

/** Registers the served versions of a CustomResourceDefinition object (apiextensions.k8s.io/v1). */
export function registerCrd(crd: any): void {
  const spec = crd?.spec;
  if (!spec?.group || !spec?.names?.kind || !Array.isArray(spec.versions)) {
    throw new Error('registerCrd: expected an apiextensions.k8s.io/v1 CustomResourceDefinition');
  }
  for (const v of spec.versions) {
    if (v.served === false) continue;
    const root = customResourceRoot(v.schema?.openAPIV3Schema);
    registerKind(`${spec.group}/${v.name}`, spec.names.kind, root, spec.scope !== 'Cluster');
  }
}

/** Registers one kind from a bare openAPIV3Schema (when no whole CRD object is at hand). */
export function registerCustomResource(
  apiVersion: string,
  kind: string,
  openAPIV3Schema: any,
  options: { readonly namespaced?: boolean } = {},
): void {
  registerKind(apiVersion, kind, customResourceRoot(openAPIV3Schema), options.namespaced ?? true);
}
