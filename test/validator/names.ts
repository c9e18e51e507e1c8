/**
 * Name and label syntax as the API server validates it (apimachinery's
 * util/validation). Each check returns an error message or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export function dns1123Label(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (has ${s.length})`;
  if (!DNS1123_LABEL.test(s)) return 'must be a DNS-1123 label: lower case alphanumerics and "-", starting and ending alphanumeric';
  return undefined;
}

export function dns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return `must be no more than 253 characters (has ${s.length})`;
  if (!DNS1123_SUBDOMAIN.test(s)) {
    return 'must be a DNS-1123 subdomain: lower case alphanumerics, "-" and ".", starting and ending alphanumeric';
  }
  return undefined;
}

/** Service names: a DNS-1035 label (they become DNS names and env var prefixes, so no leading digit). */
export function dns1035Label(s: string): string | undefined {
  if (s.length > 63) return `must be no more than 63 characters (has ${s.length})`;
  if (!DNS1035_LABEL.test(s)) return 'must be a DNS-1035 label: lower case alphanumerics and "-", starting with a letter, ending alphanumeric';
  return undefined;
}

/** RBAC object names are only path segments: "system:foo" is fine, "a/b" is not. */
export function pathSegmentName(s: string): string | undefined {
  if (s === '.' || s === '..') return `may not be "${s}"`;
  if (/[/%]/.test(s)) return 'may not contain "/" or "%"';
  return undefined;
}

/** Container port names and named target ports (IANA_SVC_NAME, RFC 6335). */
export function ianaSvcName(s: string): string | undefined {
  if (s.length > 15) return `must be no more than 15 characters (has ${s.length})`;
  if (!IANA_SVC_NAME.test(s)) return 'must contain only lower case alphanumerics and "-", starting and ending alphanumeric';
  if (s.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter';
  return undefined;
}

/** Label keys, annotation keys, selector keys: [prefix/]name. */
export function qualifiedName(s: string): string | undefined {
  const parts = s.split('/');
  let name = s;
  if (parts.length > 2) return 'must be at most one "/"-separated prefix and name';
  if (parts.length === 2) {
    const [prefix, n] = parts;
    if (prefix.length === 0) return 'prefix part must be non-empty';
    const bad = dns1123Subdomain(prefix);
    if (bad) return `prefix part ${bad}`;
    name = n;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return `name part must be no more than 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return 'name part must consist of alphanumerics, "-", "_" or ".", starting and ending alphanumeric';
  }
  return undefined;
}

export function labelValue(s: string): string | undefined {
  if (s.length === 0) return undefined;
  if (s.length > 63) return `must be no more than 63 characters (has ${s.length})`;
  if (!QUALIFIED_NAME_PART.test(s)) return 'must be empty or alphanumerics, "-", "_" or ".", starting and ending alphanumeric';
  return undefined;
}

/** ".", ".." and a leading "..": such keys become file names that would leave the volume directory. */
function chdirPrefix(s: string): string | undefined {
  if (s === '.' || s === '..') return `must not be "${s}"`;
  if (s.startsWith('..')) return 'must not start with ".."';
  return undefined;
}

/**
 * The 1.28 rule. From 1.32 the API server accepts any printable ASCII but "=" (RelaxedEnvironmentVariableValidation);
 * the library supports 1.28, so the old rule stands.
 */
export function envVarName(s: string): string | undefined {
  if (!ENV_VAR_NAME.test(s)) return 'must consist of alphabetic characters, digits, "_", "-" or ".", and must not start with a digit';
  return chdirPrefix(s);
}

/** Keys of ConfigMap and Secret data, and the keys a secretKeyRef/configMapKeyRef reads. */
export function configMapKey(s: string): string | undefined {
  if (s.length > 253) return `must be no more than 253 characters (has ${s.length})`;
  if (!CONFIG_MAP_KEY.test(s)) return 'must consist of alphanumerics, "-", "_" or "."';
  return chdirPrefix(s);
}

/** Total size limit of all annotations on one object (keys + values). */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

type NameCheck = (s: string) => string | undefined;

/** StatefulSet pods carry the label controller-revision-hash=<name>-<hash of up to 10 chars>, a label value (≤63). */
const STS_MAX = 52;
/** CronJobs append an 11-character suffix to name their Jobs; the API rejects longer names. */
const CRONJOB_MAX = 52;

function maxLen(max: number, why: string, inner: NameCheck): NameCheck {
  return (s) => (s.length > max ? `must be no more than ${max} characters (has ${s.length}): ${why}` : inner(s));
}

/** metadata.name rules per kind; every other kind is a DNS-1123 subdomain. */
const NAME_RULES: Record<string, NameCheck> = {
  Service: dns1035Label,
  Namespace: dns1123Label,
  StatefulSet: maxLen(STS_MAX, 'pods get the label controller-revision-hash=<name>-<hash>, which must fit in 63', dns1123Label),
  CronJob: maxLen(CRONJOB_MAX, 'its Jobs are named <name>-<11 characters>', dns1123Subdomain),
  // the controller puts the Job name into the pods' batch.kubernetes.io/job-name label
  Job: maxLen(63, 'pods carry the Job name as a label value', dns1123Subdomain),
  Role: pathSegmentName,
  RoleBinding: pathSegmentName,
  ClusterRole: pathSegmentName,
  ClusterRoleBinding: pathSegmentName,
};

export function objectNameError(kind: string, name: string): string | undefined {
  return (NAME_RULES[kind] ?? dns1123Subdomain)(name);
}
