/**
 * Volume source rules the API server enforces beyond the schema, for the
 * sources this library uses: secret, configMap, downwardAPI and projected
 * (secret, configMap, downwardAPI and serviceAccountToken projections).
 * File modes, item keys and paths, downward API field paths, token lifetimes,
 * one type per projection and no two projections writing the same path.
 */

import { VOLUME_FIELD_PATHS, fieldPathError, resourceFieldError } from './downward-api';
import { IssueSink, field, index } from './issues';
import { isObject, list } from './json';
import { localNonReservedPath } from './paths';

const RULE = 'pod/volume-source';

/** A projected service account token lives at least 10 minutes and at most 2^32 seconds. */
const TOKEN_MIN_SECONDS = 600;
const TOKEN_MAX_SECONDS = 2 ** 32;

function checkMode(v: unknown, p: string, sink: IssueSink): void {
  if (typeof v === 'number' && (v < 0 || v > 0o777)) sink.add(p, RULE, `file mode ${v} is not in 0-0777 (0-511 in decimal)`);
}

function checkItemPath(v: unknown, p: string, sink: IssueSink): void {
  if (typeof v !== 'string') return; // absence is schema/required
  const bad = v === '' ? 'is required' : localNonReservedPath(v);
  if (bad) sink.add(p, RULE, `path ${JSON.stringify(v)} ${bad}`);
}

/** KeyToPath items of a secret or configMap source; returns the paths they write. */
function checkItems(items: unknown, p: string, sink: IssueSink): string[] {
  const paths: string[] = [];
  list(items).forEach((it, i) => {
    if (!isObject(it)) return;
    const ip = index(p, i);
    if (it.key === '') sink.add(field(ip, 'key'), RULE, 'key is required');
    checkItemPath(it.path, field(ip, 'path'), sink);
    checkMode(it.mode, field(ip, 'mode'), sink);
    if (typeof it.path === 'string' && it.path !== '') paths.push(it.path);
  });
  return paths;
}

/** downwardAPI files (a volume's or a projection's); returns the paths they write. */
function checkDownwardFiles(items: unknown, p: string, sink: IssueSink): string[] {
  const paths: string[] = [];
  list(items).forEach((it, i) => {
    if (!isObject(it)) return;
    const ip = index(p, i);
    checkItemPath(it.path, field(ip, 'path'), sink);
    checkMode(it.mode, field(ip, 'mode'), sink);
    const hasField = isObject(it.fieldRef);
    const hasResource = isObject(it.resourceFieldRef);
    if (hasField === hasResource) sink.add(ip, RULE, 'needs exactly one of fieldRef and resourceFieldRef');
    if (hasField && typeof it.fieldRef.fieldPath === 'string') {
      const bad = fieldPathError(it.fieldRef.fieldPath, VOLUME_FIELD_PATHS);
      if (bad) sink.add(field(field(ip, 'fieldRef'), 'fieldPath'), RULE, `fieldPath ${JSON.stringify(it.fieldRef.fieldPath)} ${bad}`);
    }
    if (hasResource && !hasField) {
      const r = it.resourceFieldRef;
      if (typeof r.containerName !== 'string' || r.containerName === '') {sink.add(field(field(ip, 'resourceFieldRef'), 'containerName'), RULE, 'containerName is required in a volume');} else if (typeof r.resource === 'string') {
        const bad = resourceFieldError(r.resource);
        if (bad) sink.add(field(field(ip, 'resourceFieldRef'), 'resource'), RULE, `resource ${JSON.stringify(r.resource)} ${bad}`);
      }
    }
    if (typeof it.path === 'string' && it.path !== '') paths.push(it.path);
  });
  return paths;
}

const PROJECTIONS = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'];

function checkProjected(src: Record<string, any>, p: string, sink: IssueSink): void {
  checkMode(src.defaultMode, field(p, 'defaultMode'), sink);
  const written = new Set<string>();
  list(src.sources).forEach((s, i) => {
    if (!isObject(s)) return;
    const sp = index(field(p, 'sources'), i);
    const types = PROJECTIONS.filter((t) => s[t] !== undefined && s[t] !== null);
    if (types.length > 1) sink.add(sp, RULE, `a projection has one type, this one has ${types.join(', ')}`);
    let paths: string[] = [];
    for (const t of ['secret', 'configMap'] as const) {
      if (!isObject(s[t])) continue;
      if (typeof s[t].name !== 'string' || s[t].name === '') sink.add(field(field(sp, t), 'name'), RULE, 'name is required');
      paths = paths.concat(checkItems(s[t].items, field(field(sp, t), 'items'), sink));
    }
    if (isObject(s.downwardAPI)) paths = paths.concat(checkDownwardFiles(s.downwardAPI.items, field(field(sp, 'downwardAPI'), 'items'), sink));
    if (isObject(s.serviceAccountToken)) checkToken(s.serviceAccountToken, field(sp, 'serviceAccountToken'), sink);
    for (const path of paths) {
      if (written.has(path)) sink.add(sp, RULE, `path ${JSON.stringify(path)} is already written by an earlier projection`);
      written.add(path);
    }
  });
}

/** 1.28 accepts any token path; newer servers (1.34 measured) require a local one, so the stricter rule stands. */
function checkToken(t: Record<string, any>, p: string, sink: IssueSink): void {
  const secs = t.expirationSeconds;
  if (typeof secs === 'number' && (secs < TOKEN_MIN_SECONDS || secs > TOKEN_MAX_SECONDS)) {
    sink.add(field(p, 'expirationSeconds'), RULE, `expirationSeconds ${secs} is not in ${TOKEN_MIN_SECONDS}-${TOKEN_MAX_SECONDS} (10 minutes to 2^32 s)`);
  }
  checkItemPath(t.path, field(p, 'path'), sink);
}

/** @param vp path of the volume (spec.volumes[i]) */
export function checkVolumeSource(v: Record<string, any>, vp: string, sink: IssueSink): void {
  if (isObject(v.secret)) {
    if (typeof v.secret.secretName !== 'string' || v.secret.secretName === '') sink.add(field(field(vp, 'secret'), 'secretName'), RULE, 'secretName is required');
    checkMode(v.secret.defaultMode, field(field(vp, 'secret'), 'defaultMode'), sink);
    checkItems(v.secret.items, field(field(vp, 'secret'), 'items'), sink);
  }
  if (isObject(v.configMap)) {
    if (typeof v.configMap.name !== 'string' || v.configMap.name === '') sink.add(field(field(vp, 'configMap'), 'name'), RULE, 'name is required');
    checkMode(v.configMap.defaultMode, field(field(vp, 'configMap'), 'defaultMode'), sink);
    checkItems(v.configMap.items, field(field(vp, 'configMap'), 'items'), sink);
  }
  if (isObject(v.downwardAPI)) {
    checkMode(v.downwardAPI.defaultMode, field(field(vp, 'downwardAPI'), 'defaultMode'), sink);
    checkDownwardFiles(v.downwardAPI.items, field(field(vp, 'downwardAPI'), 'items'), sink);
  }
  if (isObject(v.projected)) checkProjected(v.projected, field(vp, 'projected'), sink);
}
