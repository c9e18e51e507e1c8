import { k8s } from 'cdk8s-plus-28';
import { assertDns1123Subdomain, fail, failConflict } from './validation';

/** The API server's env var name rule (the same as for the postgres container). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** ConfigMap and Secret keys, and the keys a secretKeyRef or configMapKeyRef reads. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** `.`, `..` and names starting with `..`: the API server refuses them as env names and data keys. */
function chdirLike(value: string): boolean {
  return value === '.' || value.startsWith('..');
}

export function assertEnvName(prop: string, name: unknown): void {
  if (typeof name !== 'string' || !ENV_NAME.test(name) || chdirLike(name)) {
    fail(prop, name, 'an env var name (letters, digits, _, - and ., not starting with a digit; not . or .., not starting with ..)');
  }
}

/** A key of a ConfigMap or Secret (`what` says which). */
export function assertDataKey(prop: string, key: unknown, what: string): void {
  if (typeof key !== 'string' || key.length > 253 || !DATA_KEY.test(key) || chdirLike(key)) {
    fail(prop, key, `${what} (at most 253 letters, digits, -, _ and .; not . or .., not starting with ..)`);
  }
}

/** The name and key of a secretKeyRef or configMapKeyRef. */
function assertKeyRef(prop: string, ref: { name?: string; key: string } | undefined, what: string): void {
  if (ref === undefined) return;
  if (typeof ref?.name !== 'string' || ref.name === '') fail(`${prop}.name`, ref?.name, `the name of a ${what}`);
  assertDns1123Subdomain(`${prop}.name`, ref.name);
  assertDataKey(`${prop}.key`, ref.key, `a ${what} key`);
}

/** One env var of a sidecar: its name, and a value or one source. */
export function assertEnvVar(prop: string, env: k8s.EnvVar): void {
  if (typeof env !== 'object' || env === null) fail(prop, env, 'an env var ({ name, value } or { name, valueFrom })');
  assertEnvName(`${prop}.name`, env.name);
  if (env.value !== undefined && typeof env.value !== 'string') fail(`${prop}.value`, env.value, 'a string');
  const from = env.valueFrom;
  if (from === undefined) return;
  if (env.value) failConflict(`${prop}.value, ${prop}.valueFrom`, 'an env var takes a value or a valueFrom, not both');
  const sources = Object.keys(from ?? {}).filter(k => (from as any)[k] !== undefined);
  if (sources.length !== 1) fail(`${prop}.valueFrom`, sources, 'exactly one source (secretKeyRef, configMapKeyRef, fieldRef or resourceFieldRef)');
  assertKeyRef(`${prop}.valueFrom.secretKeyRef`, from.secretKeyRef, 'Secret');
  assertKeyRef(`${prop}.valueFrom.configMapKeyRef`, from.configMapKeyRef, 'ConfigMap');
}

/** One envFrom entry: one source whose name is a DNS-1123 subdomain, and a prefix that keeps names valid. */
export function assertEnvFrom(prop: string, source: k8s.EnvFromSource): void {
  if (typeof source !== 'object' || source === null) fail(prop, source, 'an envFrom source ({ secretRef } or { configMapRef })');
  const refs = (['secretRef', 'configMapRef'] as const).filter(k => source[k] !== undefined);
  if (refs.length !== 1) fail(prop, refs, 'exactly one of secretRef and configMapRef');
  const ref = source[refs[0]]!;
  if (typeof ref?.name !== 'string' || ref.name === '') fail(`${prop}.${refs[0]}.name`, ref?.name, `the name of a ${refs[0] === 'secretRef' ? 'Secret' : 'ConfigMap'}`);
  assertDns1123Subdomain(`${prop}.${refs[0]}.name`, ref.name);
  // The prefix starts every imported name, so it must be a valid start of an env var name.
  if (source.prefix !== undefined && source.prefix !== '') assertEnvName(`${prop}.prefix`, source.prefix);
}
