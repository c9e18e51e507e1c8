import { fail } from '../../private/validation';

/**
 * Synth-time checks for storage, schedules and points in time. Each names the prop, the bad value
 * and what is allowed (see `fail`).
 */

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** S3 bucket naming rules (general purpose buckets), which S3-compatible stores follow too. */
export function assertS3Bucket(prop: string, bucket: unknown): string {
  const rules = '3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, '
    + 'no "..", not an IP address, no xn--/sthree- prefix and no -s3alias/--ol-s3/.mrap/--x-s3 suffix (S3 bucket naming rules)';
  if (typeof bucket !== 'string') fail(prop, bucket, rules);
  const reserved = ['xn--', 'sthree-', 'amzn-s3-demo-'].some(p => bucket.startsWith(p))
    || ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].some(s => bucket.endsWith(s));
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..') || IPV4.test(bucket) || reserved) {
    fail(prop, bucket, rules);
  }
  return bucket;
}

/** Cloud Storage bucket naming rules. */
export function assertGcsBucket(prop: string, bucket: unknown): string {
  const rules = '3 to 63 lower-case letters, digits, hyphens, underscores and dots (up to 222 with dots, each dot-separated part at most 63), '
    + 'starting and ending with a letter or digit, not an IP address, not starting with "goog" and not containing "google" (Cloud Storage bucket naming rules)';
  if (typeof bucket !== 'string') fail(prop, bucket, rules);
  const maxLength = bucket.includes('.') ? 222 : 63;
  if (bucket.length < 3 || bucket.length > maxLength || !/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(bucket)
    || bucket.split('.').some(part => part.length === 0 || part.length > 63) || IPV4.test(bucket)
    || bucket.startsWith('goog') || /g[o0]{2}g[l1]e/.test(bucket)) {
    fail(prop, bucket, rules);
  }
  return bucket;
}

/** Azure storage account names. */
export function assertAzureAccount(prop: string, account: unknown): string {
  if (typeof account !== 'string' || !/^[a-z0-9]{3,24}$/.test(account)) {
    fail(prop, account, '3 to 24 lower-case letters and digits (Azure storage account naming rules)');
  }
  return account;
}

/** Azure blob container names. */
export function assertAzureContainer(prop: string, container: unknown): string {
  if (typeof container !== 'string' || !/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    fail(prop, container, '3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit (Azure container naming rules)');
  }
  return container;
}

/** An AWS region such as `eu-central-1`, or the region name an S3-compatible store expects. */
export function assertRegion(prop: string, region: unknown): string {
  if (typeof region !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region) || region.length > 32) {
    fail(prop, region, 'a region name such as eu-central-1 (lower-case letters, digits and hyphens); Spilo would otherwise guess it from the bucket name or the node');
  }
  return region;
}

/** An http(s) URL with host and optional port and nothing else (S3-compatible endpoints). */
export function assertEndpoint(prop: string, endpoint: unknown): string {
  if (typeof endpoint !== 'string' || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(endpoint)) {
    fail(prop, endpoint, 'an http:// or https:// URL with a host and an optional port, e.g. https://minio.storage.svc:9000');
  }
  return endpoint.replace(/\/$/, '');
}

const CRON_FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/**
 * A five-field cron expression as both cron (Spilo's crontab) and the CronJob controller read it:
 * `*`, numbers, ranges `a-b`, lists `a,b` and steps `/n`, month and weekday names.
 */
export function assertCron(prop: string, schedule: unknown): string {
  const allowed = 'a five-field cron expression (minute hour day-of-month month day-of-week) such as "30 0 * * *"';
  if (typeof schedule !== 'string') fail(prop, schedule, allowed);
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) fail(prop, schedule, allowed);
  fields.forEach((field, i) => {
    const spec = CRON_FIELDS[i];
    const value = (v: string): number => {
      const named = spec.names?.indexOf(v.toLowerCase()) ?? -1;
      if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
      if (!/^\d+$/.test(v)) return NaN;
      return Number(v);
    };
    for (const part of field.split(',')) {
      const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
      const range = m?.[1].split('-') ?? [];
      const ok = m !== null && (m[2] === undefined || Number(m[2]) > 0)
        && (range.length === 1 && range[0] === '*'
          || range.every(v => value(v) >= spec.min && value(v) <= spec.max) && range.length <= 2
            && (range.length === 1 || value(range[0]) <= value(range[1])));
      if (!ok) fail(prop, schedule, `${allowed}; the ${spec.name} field '${field}' is not ${spec.min}-${spec.max}, *, a range, a list or a step`);
    }
  });
  return fields.join(' ');
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A point in time with an explicit numeric UTC offset (RFC 3339 / ISO-8601), as the operator's
 * `clone.timestamp` and Spilo's clone script require, e.g. `2025-03-01T12:00:00+01:00`.
 */
export function assertTimestamp(prop: string, timestamp: unknown): string {
  const allowed = 'an ISO-8601 timestamp with seconds and an explicit numeric UTC offset, e.g. 2025-03-01T12:00:00+01:00 (use +00:00 for UTC)';
  if (typeof timestamp !== 'string') fail(prop, timestamp, allowed);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?([+-])(\d{2}):(\d{2})$/.exec(timestamp);
  if (!m) fail(prop, timestamp, allowed);
  const [year, month, day, hour, minute, second, offH, offM] = [m[1], m[2], m[3], m[4], m[5], m[6], m[9], m[10]].map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) {
    fail(prop, timestamp, `${allowed}; the date or time is out of range`);
  }
  return timestamp;
}

/** A stable id used as the `/<id>` bucket path suffix (the operator uses the resource's UID). */
export function assertPathId(prop: string, id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) {
    fail(prop, id, 'a stable id of letters, digits, ".", "_" and "-" (at most 128), such as the metadata.uid of the operator\'s postgresql resource');
  }
  return id;
}

/** A bucket path prefix placed before the cluster name (`WAL_BUCKET_SCOPE_PREFIX` and friends). */
export function assertScopePrefix(prop: string, prefix: unknown): string {
  // "." or ".." as a path segment would put objects outside the cluster's folder in stores that normalize keys.
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9._/-]{0,128}$/.test(prefix) || prefix.startsWith('/') || prefix.includes('//')
    || prefix.split('/').some(part => part === '.' || part === '..')) {
    fail(prop, prefix, 'an object-key prefix of letters, digits, ".", "_", "-" and "/" (no leading or double slash, no "." or ".." segment), e.g. "team-a-"');
  }
  return prefix;
}

/** IAM role ARN for IRSA. */
export function assertRoleArn(prop: string, arn: unknown): string {
  if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(arn)) {
    fail(prop, arn, 'an IAM role ARN such as arn:aws:iam::123456789012:role/postgres-backup');
  }
  return arn;
}

/** A Kubernetes Secret name and key (for env `secretKeyRef` and volume items). */
export function assertSecretKey(prop: string, secretName: unknown, key: unknown, keyProp = 'key'): void {
  if (typeof secretName !== 'string' || secretName.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(secretName)) {
    fail(`${prop}.secretName`, secretName, 'the name of a Secret in the cluster\'s namespace (a DNS-1123 subdomain)');
  }
  if (typeof key !== 'string' || !/^[-._a-zA-Z0-9]{1,253}$/.test(key)) {
    fail(`${prop}.${keyProp}`, key, 'a Secret key (letters, digits, "-", "_" and ".")');
  }
}

/** Rejects options that belong to another provider, so they are never silently ignored. */
export function assertOnlyKeys(prop: string, given: object, allowed: string[], provider: string): void {
  for (const key of Object.keys(given)) {
    if (!allowed.includes(key) && (given as Record<string, unknown>)[key] !== undefined) {
      fail(`${prop}.${key}`, (given as Record<string, unknown>)[key], `no ${key} for ${provider} (it takes ${allowed.join(', ')})`);
    }
  }
}
