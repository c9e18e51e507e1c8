import { ApiObject } from 'cdk8s';

/**
 * One rendering of each object per synth. The rollout Job's name hashes the StatefulSet's rendered pod template,
 * and the pod template assembles its containers in three places; inside a memo scope (FleetApp's synth of one
 * chart) each is computed once. Outside one (a plain cdk8s App, a test) nothing is cached, so a value is never
 * older than the synth that reads it.
 */
let memo: Map<object, unknown> | undefined;

/** Runs `fn` with a fresh memo; nested calls get their own. */
export function withRenderMemo<T>(fn: () => T): T {
  const outer = memo;
  memo = new Map();
  try {
    return fn();
  } finally {
    memo = outer;
  }
}

/** `compute()` once per `key` within the current memo scope (every time outside one). */
export function memoized<T>(key: object, compute: () => T): T {
  if (!memo) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** The object's manifest, rendered once per memo scope. */
export function renderedObject(obj: ApiObject): any {
  return memoized(obj, () => obj.toJson());
}
