import { METRIC_PREFIX } from '../monitoring/exporter-queries';

export interface AlertRulesInput {
  readonly cluster: string;
  readonly namespace?: string;
  /** Kubernetes label key carrying the cluster name; the PodMonitor copies it onto every series. */
  readonly clusterNameLabel: string;
  readonly exporterContainer: string;
  readonly instances: number;
  /** WAL archiving (backups) is configured. */
  readonly archiving: boolean;
  readonly alertLabels: Record<string, string>;
  readonly replicationLagBytes: number;
  readonly diskUsagePercent: number;
  readonly connectionUsagePercent: number;
  readonly walArchiveMaxAgeSeconds: number;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** How prometheus-operator turns a pod label into a target label (`podTargetLabels`). */
export function prometheusLabelName(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

const quote = (s: string) => JSON.stringify(s);

/** The alerts a Postgres on-call wants for one cluster, in PromQL over the exporter, kubelet and kube-state-metrics. */
export function alertRules(input: AlertRulesInput): AlertRule[] {
  const ns = input.namespace === undefined ? [] : [`namespace=${quote(input.namespace)}`];
  const sel = (...extra: string[]) => `{${[...ns, `${prometheusLabelName(input.clusterNameLabel)}=${quote(input.cluster)}`, ...extra].join(',')}}`;
  const m = (name: string, ...extra: string[]) => `${METRIC_PREFIX}_${name}${sel(...extra)}`;
  const pvc = `{${[...ns, `persistentvolumeclaim=~${quote(`pgdata-${input.cluster}-[0-9]+`)}`].join(',')}}`;
  const used = `100 * kubelet_volume_stats_used_bytes${pvc} / kubelet_volume_stats_capacity_bytes${pvc}`;
  const c = input.cluster;
  const rules: AlertRule[] = [];
  const add = (alert: string, expr: string, forDuration: string, severity: string, summary: string, description: string) => {
    rules.push({
      alert,
      expr,
      for: forDuration,
      labels: { severity, ...input.alertLabels },
      annotations: { summary, description },
    });
  };

  add('PostgresExporterDown', `up${sel(`container=${quote(input.exporterContainer)}`)} == 0`, '5m', 'warning',
    `The Postgres exporter of ${c} is down`,
    'Prometheus cannot scrape {{ $labels.pod }}; the other alerts of this cluster are blind there.');
  add('PostgresDown', `pg_up${sel()} == 0`, '2m', 'critical',
    `PostgreSQL on a member of ${c} does not answer`,
    'The exporter on {{ $labels.pod }} cannot connect to PostgreSQL.');
  add('PostgresNoPrimary', `(count(${m('role_is_primary')} == 1) or vector(0)) < 1`, '2m', 'critical',
    `${c} has no primary`,
    'No member reports itself as primary: writes fail until Patroni elects a leader.');
  add('PostgresMultiplePrimaries', `count(${m('role_is_primary')} == 1) > 1`, '1m', 'critical',
    `${c} has more than one primary`,
    '{{ $value }} members report themselves as primary.');
  add('PostgresMembersNotReady',
    `kube_statefulset_status_replicas_ready{${[...ns, `statefulset=${quote(c)}`].join(',')}} < ${input.instances}`, '10m', 'warning',
    `${c} has fewer ready members than its ${input.instances} instances`,
    'Only {{ $value }} members are ready (kube-state-metrics).');
  if (input.instances > 1) {
    add('PostgresReplicationLagHigh', `${m('replication_lag_bytes')} > ${input.replicationLagBytes}`, '5m', 'warning',
      `A replica of ${c} lags behind`,
      '{{ $labels.application_name }} has {{ $value | humanize1024 }}B of WAL to replay.');
    add('PostgresReplicaNotStreaming',
      `(count(${m('replication_lag_bytes', 'state="streaming"')}) or vector(0)) < ${input.instances - 1}`, '10m', 'warning',
      `A replica of ${c} is not streaming from the primary`,
      `The primary streams to {{ $value }} of ${input.instances - 1} replicas.`);
  }
  add('PostgresDiskNearlyFull', `${used} > ${input.diskUsagePercent}`, '5m', 'warning',
    `A pgdata volume of ${c} is nearly full`,
    '{{ $labels.persistentvolumeclaim }} is {{ $value | humanize }}% full.');
  add('PostgresDiskFullIn24h',
    `predict_linear(kubelet_volume_stats_available_bytes${pvc}[6h], 86400) < 0 and ${used} > 50`, '30m', 'critical',
    `A pgdata volume of ${c} fills up within a day`,
    '{{ $labels.persistentvolumeclaim }} runs out of space within 24 hours at the current rate.');
  add('PostgresTooManyConnections',
    `100 * ${m('connections_used')} / ${m('connections_available')} > ${input.connectionUsagePercent}`, '5m', 'warning',
    `${c} is running out of connections`,
    '{{ $labels.pod }} uses {{ $value | humanize }}% of the connections ordinary roles may open.');
  add('PostgresTransactionIdWraparound', `${m('database_frozen_xid_age')} > 1000000000`, '30m', 'warning',
    `A database of ${c} approaches transaction ID wraparound`,
    '{{ $labels.datname }} on {{ $labels.pod }} is {{ $value }} transactions old; check long transactions and vacuum.');
  if (input.archiving) {
    add('PostgresWalArchivingFailing', `${m('archiver_failing')} == 1 and ${m('archiver_ready_segments')} > 0`, '15m', 'critical',
      `WAL archiving of ${c} fails`,
      '{{ $labels.pod }} cannot archive WAL: backups and point-in-time recovery fall behind, and pg_wal grows.');
    add('PostgresWalArchiveStale',
      `${m('archiver_ready_segments')} > 0 and ${m('archiver_last_archived_age_seconds')} > ${input.walArchiveMaxAgeSeconds}`, '5m', 'critical',
      `The WAL archive (backup) of ${c} is too old`,
      'WAL is waiting on {{ $labels.pod }} and nothing was archived for {{ $value | humanizeDuration }}.');
  }
  return rules;
}
