/*
 * Output never depends on the order of a map's entries. jsii hands a map over in its host language's order (Go
 * iterates it sorted, Java's Map.of in an order that changes from one JVM run to the next, TypeScript and Python in
 * insertion order), yet users, databases, parameters and labels become SQL, credential lists and the hashes in Job
 * names. The resolve stage therefore reads props through this copy: every plain object with its keys sorted (the
 * order cdk8s writes YAML in), arrays in the user's order (a list's order is the user's), class instances as they are.
 * The operator has no order either: it ranges over Go maps.
 */

/** A copy of `value` whose plain objects list their keys in sorted order, at every depth. */
export function withSortedMaps<T>(value: T): T {
  return sortValue(value, new Map()) as T;
}

function sortValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(sortValue(item, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  // Durations, sizes, constructs, clients and the like keep their identity and their own state.
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value).sort()) copy[key] = sortValue((value as Record<string, unknown>)[key], seen);
  return copy;
}
