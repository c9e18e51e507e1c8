/**
 * Every Kubernetes name the library emits for a cluster, in one place.
 *
 * The operator derives names from the `postgresql` resource name; Spilo and
 * Patroni derive the DCS object names from `SCOPE`. Applications, backups and
 * dashboards written for the operator depend on them, so they are part of the
 * contract and never come from construct paths.
 */
export const CREDENTIALS_SUFFIX = 'credentials.postgresql.acid.zalan.do';

/** Longest cluster name for which `<c>-pooler-repl` (63) and pod names stay valid. */
export const MAX_CLUSTER_NAME_LENGTH = 51;

export const names = {
  statefulSet: (c: string) => c,
  primaryService: (c: string) => c,
  replicaService: (c: string) => `${c}-repl`,
  /** The operator's primary PDB name (`pdb_name_format`); here it covers every member. */
  podDisruptionBudget: (c: string) => `postgres-${c}-pdb`,
  criticalOperationPdb: (c: string) => `postgres-${c}-critical-op-pdb`,
  /** Per-cluster ServiceAccount/Role/RoleBinding (deviation: the operator shares `postgres-pod`). */
  podServiceAccount: (c: string) => `${c}-postgres-pod`,
  /** ConfigMaps Patroni creates in ConfigMaps DCS mode (leader, config, sync, failover). */
  patroniConfigMaps: (c: string) => ['leader', 'config', 'sync', 'failover'].map(s => `${c}-${s}`),
  podName: (c: string, ordinal: number) => `${c}-${ordinal}`,
  /** The claim the StatefulSet creates (or adopts) for a member: `<template>-<pod>`. */
  memberClaim: (c: string, ordinal: number) => `pgdata-${c}-${ordinal}`,
  /** `<user>.<c>.credentials.postgresql.acid.zalan.do`, `_` in the user name becomes `-`. */
  credentialsSecret: (user: string, c: string) => `${user.replace(/_/g, '-')}.${c}.${CREDENTIALS_SUFFIX}`,
  /** The operator's connection pooler Deployment and Service (`connectionPoolerName`), in front of the primary. */
  pooler: (c: string) => `${c}-pooler`,
  /** The same in front of the replicas. */
  replicaPooler: (c: string) => `${c}-pooler-repl`,
  /** The `SPILO_CONFIGURATION` the members read at start (not in the operator, which inlines it in the env). */
  spiloConfiguration: (c: string) => `${c}-spilo-configuration`,
  /** The Patroni REST API's basic-auth credentials (not in the operator, whose API takes none). */
  patroniApiSecret: (c: string) => `${c}-patroni-api`,
  /** ServiceAccount/Role/RoleBinding of the dynamic configuration Job, and the prefix of its name. */
  dynamicConfiguration: (c: string) => `${c}-dcs`,
  /** A pooler's disruption budget (not in the operator). */
  poolerPdb: (pooler: string) => `${pooler}-pdb`,
};
