import { createHash } from 'crypto';
import { Size } from 'cdk8s';
import { PatroniOptions } from './patroni-options';
import { splitParameters } from './postgres-parameters';
import { sizeBytes, wholeSeconds } from '../private/quantity';
import { assertInteger, CONTROL_CHARACTER, fail, failConflict } from '../private/validation';

/** initdb flags the operator renders as bare strings when their value is "true". */
const BARE_INITDB_FLAGS = new Set(['data-checksums', 'debug', 'no-locale', 'noclean', 'nosync', 'sync-only']);

export interface SpiloConfigurationInput {
  readonly parameters: Record<string, string>;
  readonly patroni: PatroniOptions;
  readonly failsafeMode: boolean;
  readonly instances: number;
}

/**
 * The `SPILO_CONFIGURATION` document with the operator's key layout and order:
 * `postgresql` (local parameters, pg_hba), then `bootstrap` (`initdb`, `dcs`).
 */
export function spiloConfiguration(input: SpiloConfigurationInput): Record<string, unknown> {
  const { local, dcs: dcsParameters } = splitParameters(input.parameters);
  const patroni = input.patroni;

  const postgresql: Record<string, unknown> = {};
  if (Object.keys(local).length > 0) postgresql.parameters = local;
  if (patroni.pgHba !== undefined) {
    if (patroni.pgHba.length === 0) fail('patroni.pgHba', patroni.pgHba, 'at least one line, or leave it unset for Spilo\'s default');
    patroni.pgHba.forEach((line, i) => {
      if (typeof line !== 'string' || line.trim() === '' || line.includes('\n')) fail(`patroni.pgHba[${i}]`, line, 'one non-empty pg_hba.conf line');
    });
    postgresql.pg_hba = [...patroni.pgHba];
  }

  return {
    postgresql,
    bootstrap: {
      initdb: initdbOptions(patroni.initdb ?? {}),
      dcs: dcsSection(patroni, dcsParameters, input),
    },
  };
}

/**
 * The pod annotation whose value is a digest of the configuration each member reads at start (all of
 * `SPILO_CONFIGURATION` except `bootstrap`, which only a new cluster reads): a change rolls the members.
 */
export const LOCAL_CONFIGURATION_ANNOTATION = 'cdk8s-postgres/local-configuration';

/** The digest LOCAL_CONFIGURATION_ANNOTATION carries. */
export function localConfigurationDigest(document: Record<string, unknown>): string {
  const { bootstrap: _, ...local } = document;
  return createHash('sha256').update(JSON.stringify(local)).digest('hex').slice(0, 16);
}

function initdbOptions(options: Record<string, string>): unknown[] {
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== 'string' || CONTROL_CHARACTER.test(value)) fail(`patroni.initdb['${key}']`, value, 'a string without control characters');
  }
  const base: Record<string, string> = { 'auth-host': 'scram-sha-256', 'auth-local': 'trust' };
  const result: unknown[] = [];
  for (const [key, value] of Object.entries(base)) result.push({ [key]: options[key] ?? value });
  for (const key of Object.keys(options).sort()) {
    if (key in base) continue;
    if (!/^[a-z][a-z0-9-]*$/.test(key)) fail('patroni.initdb', key, 'an initdb long option name without dashes in front, e.g. "locale" or "data-checksums"');
    const value = options[key];
    result.push(BARE_INITDB_FLAGS.has(key) && value === 'true' ? key : { [key]: value });
  }
  return result;
}

function dcsSection(patroni: PatroniOptions, parameters: Record<string, string>, input: SpiloConfigurationInput): Record<string, unknown> {
  const ttl = patroni.ttl && wholeSeconds(patroni.ttl, 'patroni.ttl');
  const loopWait = patroni.loopWait && wholeSeconds(patroni.loopWait, 'patroni.loopWait');
  const retryTimeout = patroni.retryTimeout && wholeSeconds(patroni.retryTimeout, 'patroni.retryTimeout');
  for (const [prop, value] of [['patroni.ttl', ttl], ['patroni.loopWait', loopWait], ['patroni.retryTimeout', retryTimeout]] as const) {
    if (value === 0) fail(prop, '0 seconds', 'at least 1 second');
  }
  // Patroni's rule: the leader lock must outlive one loop plus two retries.
  const effTtl = ttl || 30;
  const effLoop = loopWait || 10;
  const effRetry = retryTimeout || 10;
  if (effLoop + 2 * effRetry > effTtl) {
    failConflict('patroni.ttl, patroni.loopWait, patroni.retryTimeout',
      `loopWait + 2 * retryTimeout (${effLoop} + 2 * ${effRetry}) must not exceed ttl (${effTtl} seconds)`);
  }

  const lag = patroni.maximumLagOnFailover && lagBytes(patroni.maximumLagOnFailover);
  if (patroni.synchronousModeStrict && !patroni.synchronousMode) {
    failConflict('patroni.synchronousModeStrict', 'requires patroni.synchronousMode to be true');
  }
  if (patroni.synchronousModeStrict && input.instances === 1) {
    // strict mode never lets the primary commit alone, and a single instance has no standby to wait for
    failConflict('patroni.synchronousModeStrict', 'needs at least 2 instances: with 1, every write would wait for a synchronous standby that does not exist');
  }
  assertInteger('patroni.synchronousNodeCount', patroni.synchronousNodeCount, 1);
  if (patroni.synchronousNodeCount !== undefined) {
    if (!patroni.synchronousMode) failConflict('patroni.synchronousNodeCount', 'requires patroni.synchronousMode to be true');
    if (patroni.synchronousNodeCount >= Math.max(input.instances, 2)) {
      failConflict('patroni.synchronousNodeCount', `${patroni.synchronousNodeCount} synchronous standbys need more than ${input.instances} instances`);
    }
  }

  const dcs: Record<string, unknown> = {};
  if (ttl) dcs.ttl = ttl;
  if (loopWait) dcs.loop_wait = loopWait;
  if (retryTimeout) dcs.retry_timeout = retryTimeout;
  if (lag) dcs.maximum_lag_on_failover = lag;
  if (patroni.synchronousMode) dcs.synchronous_mode = true;
  if (patroni.synchronousModeStrict) dcs.synchronous_mode_strict = true;
  if (patroni.synchronousNodeCount !== undefined) dcs.synchronous_node_count = patroni.synchronousNodeCount;
  if (Object.keys(parameters).length > 0) dcs.postgresql = { parameters };
  const slots = validSlots(patroni.slots);
  if (slots) dcs.slots = slots;
  dcs.failsafe_mode = input.failsafeMode;
  return dcs;
}

function lagBytes(size: Size): number {
  const bytes = sizeBytes(size);
  if (bytes <= 0) fail('patroni.maximumLagOnFailover', `${bytes} bytes`, 'a positive size');
  return bytes;
}

function validSlots(slots: Record<string, Record<string, string>> | undefined): Record<string, Record<string, string>> | undefined {
  if (!slots || Object.keys(slots).length === 0) return undefined;
  const result: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(slots).sort()) {
    // Replication slot names: lower-case letters, digits and underscores, at most 63 bytes.
    if (!/^[a-z0-9_]{1,63}$/.test(name)) fail('patroni.slots', name, 'a replication slot name (lower-case letters, digits and _, at most 63 characters)');
    const slot = slots[name];
    const type = slot.type;
    if (type !== 'physical' && type !== 'logical') fail(`patroni.slots['${name}'].type`, type, "'physical' or 'logical'");
    if (type === 'logical' && (!slot.database || !slot.plugin)) {
      failConflict(`patroni.slots['${name}']`, 'a logical slot needs both database and plugin');
    }
    result[name] = Object.fromEntries(Object.keys(slot).sort().map(k => [k, slot[k]]));
  }
  return result;
}
