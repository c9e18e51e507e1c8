/**
 * File paths inside a volume as the API server checks them: subPath, the
 * paths of projected and configMap/secret/downwardAPI items, seccomp
 * localhost profiles. Each check returns an error message or undefined.
 */

/** Relative and without a ".." segment, so it stays under the volume (or profile) root. */
export function localDescendingPath(p: string): string | undefined {
  if (p.startsWith('/')) return 'must be a relative path';
  if (p.split('/').includes('..')) return 'must not contain a ".." segment';
  return undefined;
}

/** Also not starting with "..": the kubelet keeps its own "..data" and "..<timestamp>" entries in projected volumes. */
export function localNonReservedPath(p: string): string | undefined {
  const bad = localDescendingPath(p);
  if (bad) return bad;
  if (p.startsWith('..')) return 'must not start with ".."';
  return undefined;
}
