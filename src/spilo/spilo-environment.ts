import { k8s } from 'cdk8s-plus-28';
import { authenticatedSpiloConfigurationEnv } from './patroni-api';
import { assertEnvName } from '../private/env';
import { CRITICAL_OPERATION_LABEL } from '../private/labels';
import { names } from '../private/names';
import { fail } from '../private/validation';

/** The key of `SPILO_CONFIGURATION` in its ConfigMap. */
export const SPILO_CONFIGURATION_KEY = 'SPILO_CONFIGURATION';

export interface SpiloEnvironmentInput {
  readonly cluster: string;
  readonly superUsername: string;
  readonly replicationUsername: string;
  readonly clusterNameLabel: string;
  readonly podRoleLabel: string;
  readonly clusterLabels: Record<string, string>;
  readonly pamConfiguration: string;
  readonly pamRoleName: string;
  readonly pgVersion: string;
  /** The ConfigMap holding `SPILO_CONFIGURATION` (its key of the same name). */
  readonly spiloConfigurationConfigMap: string;
  /** The Patroni REST API credentials Secret; undefined: the API takes no credentials (`patroniApiAuthentication: false`). */
  readonly patroniApiSecret?: string;
  readonly bootstrapLabels: boolean;
  readonly userEnv: k8s.EnvVar[];
  /** Env the library adds after the user's (clone, standby, WAL and log settings); names reserved. */
  readonly libraryEnv?: k8s.EnvVar[];
}

/**
 * Env vars of the postgres container in the operator's order; the core block cannot be overridden.
 *
 * Additions to the operator's set: `KUBERNETES_BYPASS_API_SERVICE=false`, so Patroni never reads
 * `default/endpoints/kubernetes` and needs no permission outside the cluster's namespace.
 */
export function spiloEnvironment(input: SpiloEnvironmentInput): k8s.EnvVar[] {
  const secretRef = (user: string) => ({
    secretKeyRef: { name: names.credentialsSecret(user, input.cluster), key: 'password' },
  });
  const core: k8s.EnvVar[] = [
    { name: 'SCOPE', value: input.cluster },
    { name: 'PGROOT', value: '/home/postgres/pgdata/pgroot' },
    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
    { name: 'PGUSER_SUPERUSER', value: input.superUsername },
    { name: 'KUBERNETES_SCOPE_LABEL', value: input.clusterNameLabel },
    { name: 'KUBERNETES_ROLE_LABEL', value: input.podRoleLabel },
    { name: 'PGPASSWORD_SUPERUSER', valueFrom: secretRef(input.superUsername) },
    { name: 'PGUSER_STANDBY', value: input.replicationUsername },
    { name: 'PGPASSWORD_STANDBY', valueFrom: secretRef(input.replicationUsername) },
    ...(input.pamConfiguration ? [{ name: 'PAM_OAUTH2', value: input.pamConfiguration }] : []),
    ...(input.pamRoleName ? [{ name: 'HUMAN_ROLE', value: input.pamRoleName }] : []),
    { name: 'PGVERSION', value: input.pgVersion },
    // Sorted keys, as Go's json.Marshal renders the operator's map: key order in TypeScript must not change the pod template.
    { name: 'KUBERNETES_LABELS', value: JSON.stringify(input.clusterLabels, Object.keys(input.clusterLabels).sort()) },
    // Deviation: from a ConfigMap, not inline, so that a change of bootstrap.dcs alone (applied live by the dynamic
    // configuration Job) leaves the pod template as it is; the pod annotation LOCAL_CONFIGURATION_ANNOTATION carries
    // a digest of the rest, so a change there still rolls the members.
    ...(input.patroniApiSecret
      // Deviation: the document is merged with the API credentials at container start (patroni-api.ts).
      ? authenticatedSpiloConfigurationEnv(input.patroniApiSecret, input.spiloConfigurationConfigMap, SPILO_CONFIGURATION_KEY)
      : [{ name: 'SPILO_CONFIGURATION', valueFrom: { configMapKeyRef: { name: input.spiloConfigurationConfigMap, key: SPILO_CONFIGURATION_KEY } } }]),
    { name: 'DCS_ENABLE_KUBERNETES_API', value: 'true' },
    ...(input.bootstrapLabels ? [{ name: 'KUBERNETES_BOOTSTRAP_LABELS', value: JSON.stringify({ [CRITICAL_OPERATION_LABEL]: 'true' }) }] : []),
    { name: 'KUBERNETES_USE_CONFIGMAPS', value: 'true' },
    { name: 'KUBERNETES_BYPASS_API_SERVICE', value: 'false' },
  ];
  const libraryEnv = input.libraryEnv ?? [];
  // Only user env needs checking against the library's names.
  if (input.userEnv.length === 0) return libraryEnv.length ? [...core, ...libraryEnv] : core;
  const reserved = new Set([...core, ...libraryEnv].map(e => e.name.toUpperCase()));
  // Names the library sets in some configurations; refusing them keeps the env unambiguous.
  for (const name of ['PAM_OAUTH2', 'HUMAN_ROLE', 'KUBERNETES_BOOTSTRAP_LABELS']) reserved.add(name);

  const seen = new Set<string>();
  input.userEnv.forEach((env, i) => {
    assertEnvName(`env[${i}].name`, env.name);
    const upper = env.name.toUpperCase();
    // Patroni reads PATRONI_* as settings over its config file: that bypasses what the library configures (and
    // validates) through the patroni and parameters props.
    if (upper.startsWith('PATRONI_')) {
      fail(`env[${i}].name`, env.name, 'a name that does not reconfigure Patroni behind the library (no PATRONI_*; use the patroni and parameters props)');
    }
    // Spilo then accepts connections without TLS; pg_hba entries say that explicitly and reviewably.
    if (upper === 'ALLOW_NOSSL') fail(`env[${i}].name`, env.name, 'a name other than ALLOW_NOSSL (write the pg_hba entries you want in patroni.pgHba)');
    if (reserved.has(upper)) fail(`env[${i}].name`, env.name, 'a name the library does not set itself (it sets ' + [...reserved].join(', ') + ')');
    if (seen.has(upper)) fail(`env[${i}].name`, env.name, 'a name not already used earlier in env');
    seen.add(upper);
  });
  return [...core, ...input.userEnv, ...libraryEnv];
}
