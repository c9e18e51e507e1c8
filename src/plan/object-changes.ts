import { diffFields, shortValue } from './field-diff';
import { Manifest, objectKey } from './manifests';
import { ChangeKind, FieldChange, ObjectChange } from './plan-structs';

/** Server-side fields and our own bookkeeping that never make an object differ. */
const IGNORED = /^(status|metadata\.(creationTimestamp|resourceVersion|uid|generation|managedFields))(\.|\[|$)/;

/** The fields that differ between two versions of an object. */
export function fieldChanges(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  return diffFields(before, after, prefix)
    .filter(d => !IGNORED.test(d.path))
    .map(d => ({
      path: d.path,
      ...(d.before !== undefined ? { before: shortValue(d.before) } : {}),
      ...(d.after !== undefined ? { after: shortValue(d.after) } : {}),
    }));
}

/** A pair of versions of one object; either side may be missing. */
export interface ObjectPair {
  readonly before?: Manifest;
  readonly after?: Manifest;
}

/** Matches two lists of objects by apiVersion group, kind, namespace and name. */
export function pairObjects(before: Manifest[], after: Manifest[]): ObjectPair[] {
  const pairs = new Map<string, { before?: Manifest; after?: Manifest }>();
  for (const o of before) pairs.set(objectKey(o), { before: o });
  for (const o of after) pairs.set(objectKey(o), { ...pairs.get(objectKey(o)), after: o });
  return [...pairs.values()];
}

/** Object-level changes of a list of pairs, unchanged objects left out. */
export function objectChanges(pairs: ObjectPair[]): ObjectChange[] {
  const out: ObjectChange[] = [];
  for (const { before, after } of pairs) {
    const o = (after ?? before)!;
    const namespace = o.metadata.namespace ? { namespace: o.metadata.namespace } : {};
    const id = { apiVersion: o.apiVersion, kind: o.kind, ...namespace, name: o.metadata.name };
    const fields = before && after ? fieldChanges(before, after) : [];
    const change = !before ? ChangeKind.CREATED : !after ? ChangeKind.REMOVED : ChangeKind.CHANGED;
    if (change !== ChangeKind.CHANGED || fields.length) out.push({ ...id, change, fields });
  }
  return out;
}
