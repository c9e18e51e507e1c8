import { Size, Yaml } from 'cdk8s';
import { POSTGRES_CSV_LUA } from './postgres-csv-lua';
import { CpuQuantity } from '../../cluster/cpu-quantity';
import { assertDataKey } from '../../private/env';
import { assertBoolean, assertDns1123Subdomain, assertInteger, CONTROL_CHARACTER, fail } from '../../private/validation';
import { LogForwarderOptions } from '../log-forwarder';
import type { PostgresSidecarProps } from '../postgres-sidecar-props';

/** Fluent Bit release the factory uses (the newest upstream release tag when this was written). */
export const DEFAULT_FLUENT_BIT_IMAGE = 'cr.fluentbit.io/fluent/fluent-bit:5.1.1';
/** Where Spilo's PostgreSQL writes its CSV logs (`log_directory: ../pg_log`). */
export const PG_LOG_GLOB = '/home/postgres/pgdata/pgroot/pg_log/*.csv';
/** The start of a csvlog record: `2024-05-01 12:00:00.123 UTC,`. */
const RECORD_START = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [A-Za-z0-9+-]+,';

export interface FluentBitConfigInput {
  readonly configDir: string;
  readonly stateDir: string;
  readonly port: number;
  readonly uri: string;
  readonly tls: boolean;
  readonly header: string;
}

/** Fluent Bit's YAML configuration: tail the CSV logs, parse them with Lua, POST JSON lines. */
export function fluentBitConfig(input: FluentBitConfigInput): string {
  return Yaml.stringify({
    service: { flush: 5, log_level: 'info', http_server: 'off' },
    multiline_parsers: [{
      name: 'postgres-csv',
      type: 'regex',
      flush_timeout: 1000,
      rules: [
        { state: 'start_state', regex: `/^${RECORD_START}/`, next_state: 'cont' },
        { state: 'cont', regex: `/^(?!${RECORD_START})/`, next_state: 'cont' },
      ],
    }],
    pipeline: {
      inputs: [{
        'name': 'tail',
        'tag': 'postgres',
        'path': PG_LOG_GLOB,
        'db': `${input.stateDir}/tail.db`,
        'db.locking': true,
        'multiline.parser': 'postgres-csv',
        'refresh_interval': 10,
        'skip_long_lines': 'on',
        'mem_buf_limit': '16MB',
      }],
      filters: [{ name: 'lua', match: 'postgres', script: `${input.configDir}/postgres-csv.lua`, call: 'parse_postgres_csv' }],
      outputs: [{
        name: 'http',
        match: 'postgres',
        host: '${LOG_HOST}',
        port: input.port,
        uri: input.uri,
        format: 'json_lines',
        json_date_key: 'timestamp',
        json_date_format: 'iso8601',
        header: input.header,
        tls: input.tls ? 'on' : 'off',
        ...(input.tls ? { 'tls.verify': 'on' } : {}),
        retry_limit: 10,
      }],
    },
  });
}

/** The props behind `PostgresSidecar.logForwarder()`. */
export function logForwarderSidecarProps(options: LogForwarderOptions): PostgresSidecarProps {
  if (typeof options?.secretName !== 'string' || options.secretName === '') fail('logForwarder.secretName', options?.secretName, 'the name of a Secret');
  assertDns1123Subdomain('logForwarder.secretName', options.secretName);
  const port = options.port ?? 443;
  assertInteger('logForwarder.port', port, 1, 65535);
  const uri = options.uri ?? '/';
  // Fluent Bit expands ${VAR} in its configuration: a "$" could send the pod's secrets to the log service.
  if (!uri.startsWith('/') || /[\s$]/.test(uri) || CONTROL_CHARACTER.test(uri)) fail('logForwarder.uri', uri, 'a path starting with / without spaces or $');
  assertBoolean('logForwarder.tls', options.tls);
  assertBoolean('logForwarder.allowPlaintext', options.allowPlaintext);
  if (options.tls === false && options.allowPlaintext !== true) {
    fail('logForwarder.tls', false, 'true, or allowPlaintext: true to send the logs and the API key unencrypted on purpose');
  }
  const headerName = options.apiKeyHeader ?? 'Authorization';
  if (!/^[A-Za-z0-9-]+$/.test(headerName)) fail('logForwarder.apiKeyHeader', headerName, 'an HTTP header name (letters, digits and -)');
  const scheme = options.apiKeyScheme ?? 'Bearer';
  if (/[\s$]/.test(scheme)) fail('logForwarder.apiKeyScheme', scheme, 'a word without spaces or $');
  const hostKey = options.hostKey ?? 'host';
  assertDataKey('logForwarder.hostKey', hostKey, 'a Secret key');
  const apiKeyKey = options.apiKeyKey ?? 'api-key';
  assertDataKey('logForwarder.apiKeyKey', apiKeyKey, 'a Secret key');
  const name = options.name ?? 'log-forwarder';
  const configDir = '/fluent-bit/etc/cdk8s';
  const stateDir = '/fluent-bit/state';
  const secretKey = (key: string) => ({ valueFrom: { secretKeyRef: { name: options.secretName, key } } });
  return {
    name,
    image: options.image ?? DEFAULT_FLUENT_BIT_IMAGE,
    args: ['-c', `${configDir}/fluent-bit.yaml`],
    env: [
      { name: 'LOG_HOST', ...secretKey(hostKey) },
      { name: 'LOG_API_KEY', ...secretKey(apiKeyKey) },
    ],
    resources: options.resources ?? {
      cpuRequest: CpuQuantity.millis(20), memoryRequest: Size.mebibytes(32), cpuLimit: CpuQuantity.millis(200), memoryLimit: Size.mebibytes(128),
    },
    volumes: [{ name: `${name}-state`, emptyDir: {} }],
    volumeMounts: [{ name: `${name}-state`, mountPath: stateDir }],
    configFiles: {
      'fluent-bit.yaml': fluentBitConfig({
        configDir,
        stateDir,
        port,
        uri,
        tls: options.tls ?? true,
        header: `${headerName} ${scheme ? scheme + ' ' : ''}\${LOG_API_KEY}`,
      }),
      'postgres-csv.lua': POSTGRES_CSV_LUA,
    },
    configMountPath: configDir,
    // Spilo's postgres user (uid 101) owns the logs (mode 0644); the state lives in an emptyDir.
    securityContext: {
      runAsUser: 101,
      runAsGroup: 101,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}
