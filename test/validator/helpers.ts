/** Small helpers for the validator's own tests. */

import { EXTERNAL, validSet } from './fixtures';
import { ManifestIssue, ValidateOptions, validateManifests } from './index';

/** "rule path" strings, compact to assert on. */
export function rulesAt(objects: any[], options: ValidateOptions = { external: EXTERNAL }): string[] {
  return validateManifests(objects, options).map((i) => `${i.rule} ${i.path}`);
}

/** Issues of one broken object validated on its own (references declared external where needed). */
export function issuesOf(obj: any, options?: ValidateOptions): ManifestIssue[] {
  return validateManifests([obj], options ?? { external: [...EXTERNAL, ...everyReferenceOfValidSet()] });
}

/** The valid set's internal references, as externals, so one object can be checked alone. */
function everyReferenceOfValidSet(): { kind: string; name: string }[] {
  return validSet().map((o) => ({ kind: o.kind, name: o.metadata.name }));
}

export function rulesOf(obj: any, options?: ValidateOptions): string[] {
  return issuesOf(obj, options).map((i) => `${i.rule} ${i.path}`);
}
