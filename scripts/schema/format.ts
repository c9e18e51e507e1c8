/**
 * The compact schema format shared by the generator (scripts/schema/generate.ts)
 * and the manifest validator (test/validator). It keeps only what validation
 * needs from the upstream OpenAPI documents: no descriptions, no paths.
 */

/** Bump when the shape below or the derivation changes: the cache file name carries it, so old caches are ignored. */
export const SCHEMA_FORMAT = 2;

/** Kubernetes release the built-in schema is derived from. */
export const K8S_VERSION = '1.28.15';

export type NodeType =
  | 'object'
  | 'array'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  /** anything at all (apiextensions JSON, RawExtension-like holes) */
  | 'any'
  /** resource.Quantity: a string in quantity syntax, or a number */
  | 'quantity'
  /** intstr.IntOrString: an int32 or a string */
  | 'int-or-string';

export type Scalar = string | number | boolean;

export interface SchemaNode {
  /** name of a definition in DerivedSchema.defs; other fields are then unused */
  ref?: string;
  type?: NodeType;
  /** int32, int64, byte, date-time, double... */
  format?: string;
  /** declared fields of an object; any other field is an unknown-field error */
  props?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  /** additionalProperties: the schema of every value of a map */
  values?: SchemaNode;
  enum?: Scalar[];
  /** x-kubernetes-list-type */
  listType?: 'map' | 'set' | 'atomic';
  /** x-kubernetes-list-map-keys */
  listKeys?: string[];
  /** the server-side default; used to fill absent list-map keys (ports' protocol) */
  default?: Scalar;
  // JSON-schema constraints, used by CRD schemas (the built-in schema has none of these)
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  /** x-kubernetes-preserve-unknown-fields: fields beyond props are allowed */
  preserveUnknown?: boolean;
}

export interface KindInfo {
  /** definition name in DerivedSchema.defs */
  readonly def: string;
  readonly namespaced: boolean;
}

export interface DerivedSchema {
  readonly format: number;
  /** e.g. "k8s.io/kubernetes@v1.28.15" */
  readonly source: string;
  readonly defs: Record<string, SchemaNode>;
  /** keyed by `${apiVersion}/${kind}`, e.g. "apps/v1/StatefulSet" or "v1/Service" */
  readonly kinds: Record<string, KindInfo>;
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
