/**
 * What the downward API offers: the field paths an env var or a volume file
 * may read, and the container resources it may report.
 */

import { qualifiedName } from './names';

/** Field paths a downwardAPI volume file may read (besides metadata.labels['k'] and metadata.annotations['k']). */
export const VOLUME_FIELD_PATHS: readonly string[] = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
/** ...and an env var; status.hostIPs needs a feature gate that is off in 1.28. */
export const ENV_FIELD_PATHS: readonly string[] = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs',
];
const RESOURCE_FIELDS: readonly string[] = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

/** A downward API field path: one of `allowed`, or a label or annotation picked by key. */
export function fieldPathError(fp: string, allowed: readonly string[]): string | undefined {
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
  if (sub) {
    const bad = qualifiedName(sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2]);
    return bad ? `key: ${bad}` : undefined;
  }
  return allowed.includes(fp) ? undefined : `is not one of ${allowed.join(', ')} (or metadata.labels['<key>'], metadata.annotations['<key>'])`;
}

export function resourceFieldError(resource: string): string | undefined {
  if (RESOURCE_FIELDS.includes(resource) || /^(requests|limits)\.hugepages-/.test(resource)) return undefined;
  return `is not one of ${RESOURCE_FIELDS.join(', ')} or <requests|limits>.hugepages-<size>`;
}
