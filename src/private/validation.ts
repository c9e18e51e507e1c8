import { k8s } from 'cdk8s-plus-28';

/**
 * Synth-time validation helpers. Every error names the prop, the bad value and what is allowed.
 */
export class PostgresValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresValidationError';
  }
}

let context = '';

/** Prefixes errors raised while `fn` runs with the construct path, so users find the cluster. */
export function withContext<T>(path: string, fn: () => T): T {
  const previous = context;
  context = path;
  try {
    return fn();
  } finally {
    context = previous;
  }
}

export function fail(prop: string, value: unknown, allowed: string): never {
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  throw new PostgresValidationError(`${context ? context + ': ' : ''}${prop}: ${shown} is not valid; expected ${allowed}`);
}

export function failConflict(props: string, reason: string): never {
  throw new PostgresValidationError(`${context ? context + ': ' : ''}${props}: ${reason}`);
}

/** C0 control characters and DEL: never valid inside a configuration value or a path. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function assertInteger(prop: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(prop, value, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`);
  }
}

export function assertDns1123Label(prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.length > 63 || !DNS1123_LABEL.test(value)) fail(prop, value, 'a DNS-1123 label (lower-case alphanumerics and -, at most 63 characters)');
}

export function assertDns1123Subdomain(prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) fail(prop, value, 'a DNS-1123 subdomain (lower-case alphanumerics, - and ., at most 253 characters)');
}

export function assertLabelKey(prop: string, key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    fail(prop, key, 'a label key: optional DNS subdomain prefix and "/", then at most 63 alphanumerics, -, _ or .');
  }
}

export function assertLabels(prop: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    assertLabelKey(`${prop} key`, key);
    assertLabelValue(`${prop}['${key}']`, value);
  }
}

export function assertLabelValue(prop: string, value: unknown): void {
  if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
    fail(prop, value, 'a label value: empty or at most 63 alphanumerics, -, _ or ., starting and ending alphanumeric');
  }
}

/** A mount sub-path: relative and inside the volume, as the API server requires. */
export function assertSubPath(prop: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.startsWith('/') || value.split('/').includes('..')) fail(prop, value, 'a relative path inside the volume (no leading / and no ..)');
}

/** The operator's user name rule (initUsers), which also keeps Secret names valid. */
export const USER_NAME = /^[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;

export function assertAnnotationKeys(prop: string, annotations: Record<string, string> | undefined): void {
  for (const key of Object.keys(annotations ?? {})) assertLabelKey(`${prop} key`, key);
}

/** The API server's toleration rules (key, operator, value, effect, tolerationSeconds). */
export function assertTolerations(prop: string, tolerations: readonly k8s.Toleration[] | undefined): void {
  (tolerations ?? []).forEach((t, i) => {
    const at = `${prop}[${i}]`;
    const operator = t.operator ?? 'Equal';
    if (!['Equal', 'Exists'].includes(operator)) fail(`${at}.operator`, t.operator, "'Equal' or 'Exists'");
    if (t.key) assertLabelKey(`${at}.key`, t.key);
    else if (operator !== 'Exists') fail(`${at}.key`, t.key ?? '', "a key (only operator 'Exists' may leave it empty to tolerate every taint)");
    if (operator === 'Exists' && t.value) fail(`${at}.value`, t.value, "no value with operator 'Exists'");
    if (operator === 'Equal' && t.value) assertLabels(at, { value: t.value });
    if (t.effect !== undefined && !['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      fail(`${at}.effect`, t.effect, "'NoSchedule', 'PreferNoSchedule', 'NoExecute' or empty for every effect");
    }
    if (t.tolerationSeconds !== undefined) {
      if (t.effect !== 'NoExecute') fail(`${at}.tolerationSeconds`, t.tolerationSeconds, "no tolerationSeconds unless effect is 'NoExecute'");
      assertInteger(`${at}.tolerationSeconds`, t.tolerationSeconds, Number.MIN_SAFE_INTEGER);
    }
  });
}

/** A value of a string enum; JavaScript callers can pass anything. */
export function assertOneOf(prop: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) fail(prop, value, `one of ${allowed.map(a => `'${a}'`).join(', ')}`);
}

/** A label selector's expressions, as the API server checks them. */
export function assertSelectorExpressions(prop: string, expressions: readonly k8s.LabelSelectorRequirement[] | undefined): void {
  (expressions ?? []).forEach((e, i) => {
    assertLabelKey(`${prop}[${i}].key`, e.key);
    assertOneOf(`${prop}[${i}].operator`, e.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    const values = e.values ?? [];
    if (['In', 'NotIn'].includes(e.operator) && values.length === 0) fail(`${prop}[${i}].values`, values, `at least one value with operator '${e.operator}'`);
    if (['Exists', 'DoesNotExist'].includes(e.operator) && values.length > 0) fail(`${prop}[${i}].values`, values, `no values with operator '${e.operator}'`);
    values.forEach((v, j) => assertLabelValue(`${prop}[${i}].values[${j}]`, v));
  });
}

/** A switch: true, false or unset. */
export function assertBoolean(prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') fail(prop, value, 'true or false');
}

/** Namespaces whose Secrets Kubernetes itself relies on: never a target for a cluster's credentials. */
export const SYSTEM_NAMESPACE = /^kube-/;
