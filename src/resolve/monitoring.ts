import { PostgresMonitoringOptions } from '../monitoring/postgres-monitoring-options';
import { sizeBytes, wholeSeconds } from '../private/quantity';
import { assertLabels, fail } from '../private/validation';

/** Checks monitoring options; `prop` is where they came from (`monitoring` or `fleet.monitoring`). */
export function assertMonitoringOptions(prop: string, options: PostgresMonitoringOptions): void {
  assertLabels(`${prop}.labels`, options.labels);
  assertLabels(`${prop}.alertLabels`, options.alertLabels);
  for (const [name, value] of [['diskUsagePercent', options.diskUsagePercent], ['connectionUsagePercent', options.connectionUsagePercent]] as const) {
    if (value !== undefined && !(value > 0 && value <= 100)) fail(`${prop}.${name}`, value, 'a percentage above 0 and at most 100');
  }
  // Prometheus takes whole-second intervals; a zero lag or age would fire the alert on every scrape.
  for (const [name, value] of [['scrapeInterval', options.scrapeInterval], ['walArchiveMaxAge', options.walArchiveMaxAge]] as const) {
    if (value !== undefined && wholeSeconds(value, `${prop}.${name}`) < 1) fail(`${prop}.${name}`, value.toHumanString(), 'at least 1 second');
  }
  const lag = options.replicationLagThreshold === undefined ? undefined : sizeBytes(options.replicationLagThreshold);
  if (lag !== undefined && lag <= 0) fail(`${prop}.replicationLagThreshold`, `${lag} bytes`, 'a positive size');
}
