/**
 * Loads the derived Kubernetes schema once per process, generating it on first
 * use (a `go mod download` plus a few hundred ms of parsing), and keeps the
 * registry of extra kinds (CRDs) next to it.
 */

import * as fs from 'fs';
import { DerivedSchema, KindInfo, SCHEMA_FORMAT, SchemaNode, kindKey } from '../../scripts/schema/format';
import { defaultSchemaFile, generateSchema } from '../../scripts/schema/generate';

let loaded: DerivedSchema | undefined;

function readCache(file: string): DerivedSchema | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as DerivedSchema;
    return s.format === SCHEMA_FORMAT ? s : undefined;
  } catch {
    return undefined; // missing or half-written by an older run: derive it again
  }
}

/** The built-in Kubernetes schema (generated into the cache when missing). */
export function builtinSchema(): DerivedSchema {
  if (!loaded) {
    const file = defaultSchemaFile();
    loaded = readCache(file) ?? generateSchema(file);
  }
  return loaded;
}

/** A kind the validator knows: its root schema node and scope. */
export interface KindSchema {
  readonly root: SchemaNode;
  readonly namespaced: boolean;
  /** where the schema came from, for messages */
  readonly origin: 'builtin' | 'registered';
}

const registered = new Map<string, KindSchema>();

/**
 * Registers an extra kind (a CRD version). `root` must describe the whole
 * object; see crd.ts for building it from a CRD's openAPIV3Schema.
 * Registering the same apiVersion/kind again replaces the earlier schema.
 */
export function registerKind(apiVersion: string, kind: string, root: SchemaNode, namespaced: boolean): void {
  registered.set(kindKey(apiVersion, kind), { root, namespaced, origin: 'registered' });
}

/** Forgets every registered kind (tests use it to stay independent). */
export function clearRegisteredKinds(): void {
  registered.clear();
}

export function isRegisteredKind(apiVersion: string, kind: string): boolean {
  return registered.has(kindKey(apiVersion, kind));
}

export function lookupKind(apiVersion: string, kind: string): KindSchema | undefined {
  const key = kindKey(apiVersion, kind);
  const extra = registered.get(key);
  if (extra) return extra;
  const info: KindInfo | undefined = builtinSchema().kinds[key];
  return info ? { root: { ref: info.def }, namespaced: info.namespaced, origin: 'builtin' } : undefined;
}

/** Every apiVersion under which a kind is known, for "did you mean" messages. */
export function apiVersionsOfKind(kind: string): string[] {
  const out: string[] = [];
  const keys = [...Object.keys(builtinSchema().kinds), ...registered.keys()];
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    if (key.slice(slash + 1) === kind) out.push(key.slice(0, slash));
  }
  return out;
}
