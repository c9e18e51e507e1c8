/**
 * Env rules: names, one source per value, the Secret/ConfigMap names and keys
 * a secretKeyRef/configMapKeyRef reads, downward API field paths, envFrom
 * prefixes and sources.
 */

import { ENV_FIELD_PATHS, fieldPathError, resourceFieldError } from './downward-api';
import { IssueSink, field, index } from './issues';
import { isObject, list, setKeys } from './json';
import { configMapKey, dns1123Subdomain, envVarName } from './names';

/** The name (a DNS-1123 subdomain, so required) and key (a ConfigMap key) of a secretKeyRef or configMapKeyRef. */
function checkKeyRef(ref: unknown, p: string, sink: IssueSink): void {
  if (!isObject(ref)) return;
  const name = typeof ref.name === 'string' ? ref.name : '';
  const badName = dns1123Subdomain(name);
  if (badName) sink.add(field(p, 'name'), 'pod/env-key-ref', `name ${JSON.stringify(name)} ${badName}`);
  if (typeof ref.key !== 'string') return; // absence is schema/required
  const badKey = ref.key === '' ? 'is required' : configMapKey(ref.key);
  if (badKey) sink.add(field(p, 'key'), 'pod/env-key-ref', `key ${JSON.stringify(ref.key)} ${badKey}`);
}

/** fieldRef and resourceFieldRef of an env var read what the downward API offers to env vars. */
function checkEnvFieldRefs(vf: Record<string, any>, p: string, sink: IssueSink): void {
  if (isObject(vf.fieldRef) && typeof vf.fieldRef.fieldPath === 'string') {
    const bad = fieldPathError(vf.fieldRef.fieldPath, ENV_FIELD_PATHS);
    if (bad) sink.add(field(field(p, 'fieldRef'), 'fieldPath'), 'pod/env-source', `fieldPath ${JSON.stringify(vf.fieldRef.fieldPath)} ${bad}`);
  }
  if (isObject(vf.resourceFieldRef) && typeof vf.resourceFieldRef.resource === 'string') {
    const bad = resourceFieldError(vf.resourceFieldRef.resource);
    if (bad) sink.add(field(field(p, 'resourceFieldRef'), 'resource'), 'pod/env-source', `resource ${JSON.stringify(vf.resourceFieldRef.resource)} ${bad}`);
  }
}

/** envFrom: a valid prefix, one source, and the source's name a DNS-1123 subdomain. */
function checkEnvFrom(c: Record<string, any>, cp: string, sink: IssueSink): void {
  list(c.envFrom).forEach((e, i) => {
    if (!isObject(e)) return;
    const p = index(field(cp, 'envFrom'), i);
    if (typeof e.prefix === 'string' && e.prefix !== '') {
      const bad = envVarName(e.prefix);
      if (bad) sink.add(field(p, 'prefix'), 'pod/env-name', `prefix ${JSON.stringify(e.prefix)} ${bad}`);
    }
    const sources = setKeys(e, ['prefix']);
    if (sources.length !== 1) sink.add(p, 'pod/env-source', `envFrom needs exactly one of configMapRef, secretRef, has ${sources.length ? sources.join(', ') : 'none'}`);
    for (const s of ['configMapRef', 'secretRef']) {
      if (!isObject(e[s])) continue;
      const name = typeof e[s].name === 'string' ? e[s].name : '';
      const bad = name === '' ? 'is required' : dns1123Subdomain(name);
      if (bad) sink.add(field(field(p, s), 'name'), 'pod/env-key-ref', `name ${JSON.stringify(name)} ${bad}`);
    }
  });
}

/** Duplicate env names: server-side apply refuses them (env merges by name); a plain create keeps the last one. */
export function checkEnv(c: Record<string, any>, cp: string, sink: IssueSink): void {
  const seen = new Map<string, string>();
  list(c.env).forEach((e, i) => {
    if (!isObject(e) || typeof e.name !== 'string') return;
    const p = field(index(field(cp, 'env'), i), 'name');
    const bad = envVarName(e.name);
    if (bad) sink.add(p, 'pod/env-name', `env var name ${JSON.stringify(e.name)} ${bad}`);
    const first = seen.get(e.name);
    if (first) sink.add(p, 'pod/duplicate-env', `env var ${JSON.stringify(e.name)} is already set at ${first}`);
    else seen.set(e.name, p);
    if (isObject(e.valueFrom)) {
      const at = field(index(field(cp, 'env'), i), 'valueFrom');
      if (typeof e.value === 'string' && e.value !== '') sink.add(at, 'pod/env-source', 'value and valueFrom are mutually exclusive');
      const sources = setKeys(e.valueFrom);
      if (sources.length !== 1) sink.add(at, 'pod/env-source', `valueFrom needs exactly one source, has ${sources.length ? sources.join(', ') : 'none'}`);
      checkKeyRef(e.valueFrom.secretKeyRef, field(at, 'secretKeyRef'), sink);
      checkKeyRef(e.valueFrom.configMapKeyRef, field(at, 'configMapKeyRef'), sink);
      checkEnvFieldRefs(e.valueFrom, at, sink);
    }
  });
  checkEnvFrom(c, cp, sink);
}
