import { Chart, Testing } from 'cdk8s';
import { FleetDefaultsProps, PostgresCluster, PostgresClusterProps, FleetDefaults } from '../../src';
import { contentName } from '../../src/private/namespace-config-map';
import { HOOK_FILES } from '../../src/spilo/switchover-hook';
import { named, postgresContainer, synth } from '../util';

/** Cluster name used by most tests: starts with its team, like the operator's examples. */
export const CLUSTER = 'acid-test';
export const NAMESPACE = 'db';

export interface Built {
  readonly chart: Chart;
  readonly cluster: PostgresCluster;
  /** Every synthesized object, validated. */
  readonly objects: any[];
  readonly statefulSet: any;
  readonly container: any;
  readonly podSpec: any;
}

/**
 * GIVEN a chart in namespace `db` and one cluster `acid-test` of team `acid` (plus `props`),
 * WHEN it is synthesized (and validated), returns the objects and the interesting parts.
 */
export function build(props: Partial<PostgresClusterProps> = {}, fleet?: FleetDefaultsProps, namespace: string | null = NAMESPACE): Built {
  const c = chartIn(namespace);
  const cluster = new PostgresCluster(c, CLUSTER, {
    teamId: 'acid',
    ...(fleet ? { fleet: new FleetDefaults(fleet) } : {}),
    ...props,
  });
  const objects = synth(c);
  const statefulSet = named(objects, 'StatefulSet', cluster.clusterName);
  return {
    chart: c,
    cluster,
    objects,
    statefulSet,
    container: postgresContainer(statefulSet),
    podSpec: statefulSet.spec.template.spec,
  };
}

/** Builds a cluster without synthesizing it (for tests that expect an error). */
export function construct(props: Partial<PostgresClusterProps> = {}, fleet?: FleetDefaultsProps, namespace: string | null = NAMESPACE): void {
  const c = chartIn(namespace);
  new PostgresCluster(c, CLUSTER, {
    teamId: 'acid',
    ...(fleet ? { fleet: new FleetDefaults(fleet) } : {}),
    ...props,
  });
}

/** A fresh chart in `namespace`, or without a namespace for `null`. */
export function chartIn(namespace: string | null): Chart {
  return new Chart(Testing.app(), 'test', namespace === null ? {} : { namespace });
}

/** The operator's selector label set L0 for `acid-test`. */
export const L0 = { 'application': 'spilo', 'cluster-name': CLUSTER };
/** The operator's object label set L1 for `acid-test` (no inherited labels). */
export const L1 = { ...L0, team: 'acid' };

/** The namespace's hooks ConfigMap (the preStop hook), which only postgres mounts, after the API access. */
export const HOOKS_MOUNT = { name: 'postgres-hooks', mountPath: '/etc/cdk8s-postgres/hooks', readOnly: true };
export const HOOKS_VOLUME = { name: 'postgres-hooks', configMap: { name: contentName('cdk8s-postgres-hooks', HOOK_FILES) } };

/** The Kubernetes API access that only postgres mounts (pod automount is off). */
export const API_MOUNT = { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
export const API_VOLUME = {
  name: 'kube-api-access',
  projected: {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
