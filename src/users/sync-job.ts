import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SPILO_JOB_CONTAINER_SECURITY, SPILO_JOB_POD_SECURITY } from '../private/job-security';

/** A password env var of the sync Job, read from a credentials Secret. */
export interface SyncPasswordEnv {
  readonly env: string;
  readonly secretName: string;
  readonly key: string;
}

export interface SyncJobProps {
  readonly cluster: string;
  readonly namespace?: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The psql script (generated at synth time). */
  readonly sql: string;
  readonly superuserSecret: string;
  readonly passwords: SyncPasswordEnv[];
}

/** Argo CD applies it after the StatefulSet (wave 0); the Job waits for the primary anyway. */
export const SYNC_WAVE = '1';

/**
 * The sync Job: waits for the primary, then runs the generated, idempotent SQL with psql from the
 * Spilo image as the superuser. The SQL lives in a ConfigMap; both names carry a hash of the
 * input, so a change runs the Job once and an unchanged app never runs it again.
 */
export class SyncJob {
  /** The Job. */
  public readonly job: k8s.KubeJob;
  /** The ConfigMap holding the SQL. */
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: SyncJobProps) {
    // A Job's pod template is immutable: the name covers all of the spec (labels, image, env, security context)
    // and the SQL, so any change is a new Job that runs once, and re-applying an unchanged one is a no-op.
    const hash = createHash('sha256').update(JSON.stringify({ sql: props.sql, spec: jobSpec(props, '') })).digest('hex').slice(0, 6);
    const name = `${props.cluster}-sync-${hash}`;
    const metadata = {
      name,
      namespace: props.namespace,
      labels: props.labels,
      annotations: { ...props.annotations, 'argocd.argoproj.io/sync-wave': SYNC_WAVE },
    };
    this.configMap = new k8s.KubeConfigMap(scope, `${id}Sql`, { metadata, data: { 'sync.sql': props.sql } });
    this.job = new k8s.KubeJob(scope, id, { metadata, spec: jobSpec(props, name) });
  }
}

/** The Job's spec; `configMap` is the name of the ConfigMap with the SQL (the Job's own name). */
function jobSpec(props: SyncJobProps, configMap: string): k8s.JobSpec {
  const secretEnv = (env: string, secretName: string, key: string): k8s.EnvVar => ({
    name: env, valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  return {
    backoffLimit: 10,
    // Long enough for a first bootstrap (image pull, initdb, a replica's basebackup).
    activeDeadlineSeconds: 3600,
    template: {
      metadata: { labels: props.labels },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: SPILO_JOB_POD_SECURITY,
        containers: [{
          name: 'sync',
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/bash', '-c', WAIT_AND_SYNC],
          env: [
            { name: 'PGHOST', value: props.cluster },
            { name: 'PGPORT', value: '5432' },
            { name: 'PGUSER', value: 'postgres' },
            { name: 'PGDATABASE', value: 'postgres' },
            // Spilo's pg_hba rejects connections without TLS.
            { name: 'PGSSLMODE', value: 'require' },
            { name: 'PGCONNECT_TIMEOUT', value: '5' },
            { name: 'PGAPPNAME', value: 'cdk8s-postgres-sync' },
            secretEnv('PGPASSWORD', props.superuserSecret, 'password'),
            ...props.passwords.map(p => secretEnv(p.env, p.secretName, p.key)),
          ],
          volumeMounts: [{ name: 'sql', mountPath: '/etc/cdk8s-postgres', readOnly: true }],
          resources: {
            requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
            limits: { memory: k8s.Quantity.fromString('256Mi') },
          },
          securityContext: SPILO_JOB_CONTAINER_SECURITY,
        }],
        volumes: [{ name: 'sql', configMap: { name: configMap } }],
      },
    },
  };
}

/** Waits until the primary Service answers as a primary, then applies the script once. */
const WAIT_AND_SYNC = [
  'set -u',
  'until [ "$(psql -XtAc "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; do',
  '  echo "waiting for the primary at $PGHOST:$PGPORT"; sleep 5',
  'done',
  'exec psql -X -v ON_ERROR_STOP=1 -f /etc/cdk8s-postgres/sync.sql',
].join('\n');
