import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SyncPasswordEnv } from '../model/users';
import { SPILO_JOB_CONTAINER_SECURITY, SPILO_JOB_POD_SECURITY } from '../private/job-security';
import { kubeObject } from '../private/kube-object';
import { PASSWORD_ROTATION_ANNOTATION } from '../private/labels';
import { SHARED_SCRIPTS_DIR, SharedScripts, sharedScripts } from '../private/shared-scripts';
import { SYNC_SCRIPT_DIR, SYNC_SCRIPT_FILE } from '../users/sync-sql';

export interface SyncJobProps {
  readonly cluster: string;
  readonly namespace?: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  /** Labels of the Job's pods: never the cluster's selector (see jobPodLabels). */
  readonly podLabels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The psql script (generated at synth time) as lines that join with newlines. */
  readonly sqlLines: readonly string[];
  readonly superuserSecret: string;
  readonly passwords: SyncPasswordEnv[];
  /** libpq sslmode: `require` unless the server runs without TLS. */
  readonly sslMode: string;
  /** `passwordRotation` labels of the roles it sets passwords for: a new label runs it again. */
  readonly rotation: Readonly<Record<string, string>>;
}

/** Argo CD applies it after the StatefulSet (wave 0); the Job waits for the primary anyway. */
export const SYNC_WAVE = '1';

/**
 * The sync Job: waits for the primary, then runs the generated, idempotent SQL with psql from the
 * Spilo image as the superuser. The cluster's script lives in a ConfigMap of its own, the helpers
 * it includes in the shared scripts ConfigMap; both names carry a hash of their content, and the
 * Job's name hashes its spec (which names both), so a change runs the Job once and an unchanged app
 * never runs it again.
 */
export class SyncJob {
  /** The Job. */
  public readonly job: ApiObject;
  /** The ConfigMap holding the SQL. */
  public readonly configMap: ApiObject;

  constructor(scope: Construct, id: string, props: SyncJobProps) {
    // A Job's pod template is immutable: the name covers all of the spec (labels, image, env, security context,
    // the shared ConfigMap's content-hashed name) and the SQL, so any change is a new Job that runs once, and
    // re-applying an unchanged one is a no-op. The digest is that of JSON.stringify({ sql, spec }) with the
    // spec's quantities as { value } objects, as the typed classes stringify.
    const shared = sharedScripts(scope, props.namespace);
    const sql = props.sqlLines.join('\n');
    const digest = createHash('sha256').update(JSON.stringify({ sql, spec: jobSpec(props, '', shared, HASHED_QUANTITY) })).digest('hex');
    const name = `${props.cluster}-sync-${digest.slice(0, 6)}`;
    const metadata = {
      name,
      namespace: props.namespace,
      labels: props.labels,
      annotations: { ...props.annotations, 'argocd.argoproj.io/sync-wave': SYNC_WAVE },
    };
    this.configMap = kubeObject(scope, `${id}Sql`, k8s.KubeConfigMap.GVK, metadata,
      { data: { [SYNC_SCRIPT_FILE]: sql } });
    this.job = kubeObject(scope, id, k8s.KubeJob.GVK, metadata, { spec: jobSpec(props, name, shared, q => q) });
  }
}

/** How the name's hash has always seen a quantity: as a k8s.Quantity, which stringifies to { value }. */
const HASHED_QUANTITY = (value: string) => ({ value });

/** The Job's spec; `configMap` is the name of the ConfigMap with the cluster's SQL (the Job's own name). */
function jobSpec(props: SyncJobProps, configMap: string, shared: SharedScripts, quantity: (value: string) => unknown) {
  const secretEnv = (env: string, secretName: string, key: string) => ({
    name: env, valueFrom: { secretKeyRef: { name: secretName, key } },
  });
  return {
    backoffLimit: 10,
    // Long enough for a first bootstrap (image pull, initdb, a replica's basebackup).
    activeDeadlineSeconds: 3600,
    template: {
      metadata: {
        labels: props.podLabels,
        // The passwords it reads changed (rotation): the Job's name, a hash of its spec, changes with them.
        ...(Object.keys(props.rotation).length ? { annotations: { [PASSWORD_ROTATION_ANNOTATION]: JSON.stringify(props.rotation) } } : {}),
      },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        securityContext: SPILO_JOB_POD_SECURITY,
        containers: [{
          name: 'sync',
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/bash', '-c', [...rotationChecks(props.passwords), WAIT_AND_SYNC].join('\n')],
          env: [
            { name: 'PGHOST', value: props.cluster },
            { name: 'PGPORT', value: '5432' },
            { name: 'PGUSER', value: 'postgres' },
            { name: 'PGDATABASE', value: 'postgres' },
            // Spilo's pg_hba rejects connections without TLS (unless parameters.ssl turned it off).
            { name: 'PGSSLMODE', value: props.sslMode },
            { name: 'PGCONNECT_TIMEOUT', value: '5' },
            { name: 'PGAPPNAME', value: 'cdk8s-postgres-sync' },
            secretEnv('PGPASSWORD', props.superuserSecret, 'password'),
            ...props.passwords.map(p => secretEnv(p.env, p.secretName, p.key)),
            // Rotated passwords: the label the credentials Job writes next to each, which the script waits for.
            ...props.passwords.filter(p => p.rotation !== undefined)
              .map(p => ({ name: `${p.env}_ROTATION`, valueFrom: { secretKeyRef: { name: p.secretName, key: 'rotation', optional: true } } })),
          ],
          // Side by side: the script includes the library by a path relative to itself.
          volumeMounts: [
            { name: 'sql', mountPath: SYNC_SCRIPT_DIR, readOnly: true },
            { name: 'scripts', mountPath: SHARED_SCRIPTS_DIR, readOnly: true },
          ],
          resources: {
            requests: { cpu: quantity('10m'), memory: quantity('32Mi') },
            limits: { memory: quantity('256Mi') },
          },
          securityContext: SPILO_JOB_CONTAINER_SECURITY,
        }],
        volumes: [{ name: 'sql', configMap: { name: configMap } }, shared.volume('scripts')],
      },
    },
  };
}

/**
 * Fails (the Job retries) while a rotated password's Secret does not hold the new label yet: with Flux, or a plain
 * apply, the Job may start before the credentials Job has written the new password.
 */
function rotationChecks(passwords: SyncPasswordEnv[]): string[] {
  // Labels are letters, digits and ._:/- (checked at synth), safe in single quotes.
  return passwords.filter(p => p.rotation !== undefined).map(p => `[ "\${${p.env}_ROTATION:-}" = '${p.rotation}' ] `
    + `|| { echo 'the Secret ${p.secretName} does not hold the password rotated for ${p.rotation} yet; retrying'; exit 1; }`);
}

/** Waits until the primary Service answers as a primary, then applies the script once. */
const WAIT_AND_SYNC = [
  'set -u',
  'until [ "$(psql -XtAc "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; do',
  '  echo "waiting for the primary at $PGHOST:$PGPORT"; sleep 5',
  'done',
  `exec psql -X -v ON_ERROR_STOP=1 -f ${SYNC_SCRIPT_DIR}/${SYNC_SCRIPT_FILE}`,
].join('\n');
