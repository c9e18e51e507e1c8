import { backupNames } from '../../backup/private/names';
import { emptyParts, IRSA_TOKEN_FILE, literal, PodParts, secretsDir } from '../../backup/private/pod-parts';
import { describeCredentials, resolveStorage, ResolvedStorage } from '../../backup/private/resolve-storage';
import { assertCron, assertOnlyKeys, assertScopePrefix } from '../../backup/private/validate';
import { assertBoolean, fail, failConflict } from '../../private/validation';
import { LogShipping } from '../log-shipping';

export interface LogInput {
  /** `logShipping` or `fleet.logShipping`. */
  readonly prop: string;
  readonly logShipping: LogShipping;
  readonly cluster: string;
  /** `/<clusterUid>` or ''. */
  readonly suffix: string;
}

export interface LogPlan {
  readonly storage: ResolvedStorage;
  readonly parts: PodParts;
  /** Files of the AWS config directory mounted at `/home/postgres/.aws`, if the credentials need one. */
  readonly awsConfig?: Record<string, string>;
  /** Key prefix of the uploads, e.g. `s3://logs/spilo/acid-test/uid/log/`. */
  readonly location: string;
}

/** Where Spilo's upload job (cron runs as postgres with HOME=/home/postgres) reads boto3's config. */
export const AWS_CONFIG_DIR = '/home/postgres/.aws';
const TAG = /^[A-Za-z0-9_.:/@-]+$/;

/**
 * Env of Spilo's log shipping, in the operator's order (`LOG_S3_BUCKET`, `LOG_BUCKET_SCOPE_SUFFIX`,
 * `LOG_BUCKET_SCOPE_PREFIX`), then the variables Spilo reads that the operator leaves to the user.
 */
export function logEnv(input: LogInput): LogPlan | undefined {
  const { prop, logShipping } = input;
  if (!(logShipping instanceof LogShipping)) fail(prop, logShipping, 'LogShipping.toS3(props), LogShipping.toStorage(storage) or LogShipping.disabled()');
  if (logShipping._storage === undefined) return undefined;
  const storageProp = logShipping._inline ? prop : `${prop}.storage`;
  const provider = logShipping._storage._config.provider;
  if (provider !== 's3') {
    fail(storageProp, `BackupStorage.${provider}()`, 'an S3 or S3-compatible bucket: Spilo ships logs with boto3 to S3 only and has no Cloud Storage or Azure log upload');
  }
  const storage = resolveStorage(storageProp, logShipping._storage);
  for (const key of ['forcePathStyle', 'encryption'] as const) {
    if (storage[key] !== undefined) fail(`${storageProp}.${key}`, String(storage[key]), `no ${key}: Spilo's log upload has no setting for it`);
  }
  const o = logShipping._options;
  assertOnlyKeys(prop, o, ['scopePrefix', 'hourly', 'schedule', 'tags'], 'log shipping');
  const scopePrefix = assertScopePrefix(`${prop}.scopePrefix`, o.scopePrefix ?? '');
  assertBoolean(`${prop}.hourly`, o.hourly);
  if (o.hourly && o.schedule !== undefined) {
    failConflict(`${prop}.schedule, ${prop}.hourly`, 'Spilo ignores LOG_SHIP_SCHEDULE when LOG_SHIP_HOURLY is on (it ships at minute 1 of every hour); set one of them');
  }

  const parts = emptyParts();
  parts.env.push(
    literal('LOG_S3_BUCKET', storage.bucket),
    literal('LOG_BUCKET_SCOPE_SUFFIX', input.suffix),
    literal('LOG_BUCKET_SCOPE_PREFIX', scopePrefix),
    ...tagEnv(`${prop}.tags`, o.tags),
  );
  if (o.hourly) parts.env.push(literal('LOG_SHIP_HOURLY', 'true'));
  if (o.schedule !== undefined) parts.env.push(literal('LOG_SHIP_SCHEDULE', assertCron(`${prop}.schedule`, o.schedule)));
  if (storage.endpoint) parts.env.push(literal('LOG_S3_ENDPOINT', storage.endpoint));
  parts.env.push(literal('AWS_REGION', storage.region!));

  const awsConfig = credentialFiles(storage, parts, input.cluster);
  return { storage, parts, awsConfig, location: `s3://${storage.bucket}/spilo/${scopePrefix}${input.cluster}${input.suffix}/log/` };
}

/**
 * `LOG_S3_TAGS` maps each tag to the name of an env var that Spilo reads at start-up; every value
 * therefore gets a variable `LOG_S3_TAG_<KEY>`, and the default tag reads `SCOPE`.
 */
function tagEnv(prop: string, tags: Record<string, string> | undefined) {
  if (tags === undefined) return [literal('LOG_S3_TAGS', '{"ClusterName":"SCOPE"}')];
  const keys = Object.keys(tags ?? {});
  if (typeof tags !== 'object' || tags === null || keys.length === 0 || keys.length > 10) {
    fail(prop, tags, '1 to 10 tags (Spilo fails every upload with empty tags; S3 allows 10 per object)');
  }
  const vars = new Map<string, string>();
  const mapping: Record<string, string> = {};
  for (const key of keys) {
    const value = tags[key];
    if (key.length > 128 || !TAG.test(key) || key.startsWith('aws:')) {
      fail(`${prop} key`, key, 'a tag key of 1 to 128 letters, digits and _ . : / @ - not starting with aws: (Spilo sends the tags unencoded)');
    }
    if (typeof value !== 'string' || value.length > 256 || (value !== '' && !TAG.test(value))) {
      fail(`${prop}['${key}']`, value, 'a tag value of at most 256 letters, digits and _ . : / @ - (Spilo sends the tags unencoded)');
    }
    const envName = `LOG_S3_TAG_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const clash = [...vars.keys()].find(k => mapping[k] === envName);
    if (clash !== undefined) failConflict(prop, `tags '${clash}' and '${key}' would both be read from ${envName}; rename one`);
    vars.set(key, value);
    mapping[key] = envName;
  }
  return [
    literal('LOG_S3_TAGS', JSON.stringify(mapping, keys.slice().sort())),
    ...keys.slice().sort().map(k => literal(mapping[k], vars.get(k)!)),
  ];
}

/**
 * The upload job runs from cron with only its envdir (no AWS_* variables), so boto3 finds
 * credentials in `~/.aws/config` or through the instance metadata service.
 */
function credentialFiles(storage: ResolvedStorage, parts: PodParts, cluster: string): Record<string, string> | undefined {
  const c = storage.credentials;
  switch (c.kind) {
    case 'node':
      return undefined;
    case 'irsa':
      parts.serviceAccountAnnotations.push({ key: 'eks.amazonaws.com/role-arn', value: c.roleArn!, prop: `${storage.prop}.credentials` });
      addConfigVolume(parts, cluster);
      return { config: `[default]\nrole_arn = ${c.roleArn}\nweb_identity_token_file = ${IRSA_TOKEN_FILE}\n` };
    case 'aws-keys': {
      const dir = secretsDir('log-shipping');
      parts.volumes.push({
        name: backupNames.logShippingKeysVolume,
        secret: {
          secretName: c.secretName!,
          items: [{ key: c.keys!.accessKeyId, path: 'access-key-id' }, { key: c.keys!.secretAccessKey, path: 'secret-access-key' }],
        },
      });
      parts.mounts.push({ name: backupNames.logShippingKeysVolume, mountPath: dir, readOnly: true });
      parts.secrets.push(c.secretName!);
      addConfigVolume(parts, cluster);
      return {
        'config': `[default]\ncredential_process = /bin/sh ${AWS_CONFIG_DIR}/credential-process.sh\n`,
        'credential-process.sh': [
          '#!/bin/sh',
          '# Prints the access key pair mounted from the Secret in the format of an AWS credential process.',
          `id=$(cat ${dir}/access-key-id)`,
          `secret=$(cat ${dir}/secret-access-key)`,
          'printf \'{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"}\\n\' "$id" "$secret"',
          '',
        ].join('\n'),
      };
    }
    default:
      return fail(`${storage.prop}.credentials`, describeCredentials(c), 'StorageCredentials.irsa(), .awsAccessKeys() or .nodeIdentity()');
  }
}

function addConfigVolume(parts: PodParts, cluster: string): void {
  parts.volumes.push({ name: backupNames.logShippingConfigVolume, configMap: { name: backupNames.logShippingAwsConfig(cluster) } });
  parts.mounts.push({ name: backupNames.logShippingConfigVolume, mountPath: AWS_CONFIG_DIR, readOnly: true });
}
