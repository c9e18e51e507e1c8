/**
 * The Zalando operator's `postgresql` CRD, read from the operator's Go module (Go module proxy, Go module cache;
 * nothing committed), for the test that every field of it is mapped, refused or not applicable.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { goModuleDir } from './generate';

/**
 * The newest version the module proxy serves: the operator's v2 releases keep the v1 module path, which Go's
 * module rules do not allow, so the proxy has no v2.x. Fields added since are rows of the table all the same.
 */
export const OPERATOR_MODULE = 'github.com/zalando/postgres-operator@v1.15.1';

/** The CustomResourceDefinition `postgresqls.acid.zalan.do`. */
export function postgresqlCrd(): any {
  return parse(fs.readFileSync(path.join(goModuleDir(OPERATOR_MODULE), 'manifests/postgresql.crd.yaml'), 'utf8'));
}

/** Every leaf path of an OpenAPI schema: `a.b`, `list[].field`, `map.*.field`; schemaless objects are leaves. */
export function schemaLeaves(node: any, prefix: string = ''): string[] {
  if (node?.properties) return Object.entries(node.properties).flatMap(([k, v]) => schemaLeaves(v, prefix ? `${prefix}.${k}` : k));
  if (node?.type === 'array' && node.items?.properties) return schemaLeaves(node.items, `${prefix}[]`);
  if (node?.additionalProperties?.properties) return schemaLeaves(node.additionalProperties, `${prefix}.*`);
  return [prefix];
}
