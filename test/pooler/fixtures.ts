import { FleetDefaultsProps, PostgresClusterProps } from '../../src';
import { ConnectionPoolerOptions } from '../../src/pooler/connection-pooler-options';
import { build, Built, CLUSTER, NAMESPACE } from '../cluster/fixtures';
import { named } from '../util';

export { CLUSTER, NAMESPACE };
export const POOLER = `${CLUSTER}-pooler`;
export const REPLICA_POOLER = `${CLUSTER}-pooler-repl`;
export const POOLER_SECRET = `pooler.${CLUSTER}.credentials.postgresql.acid.zalan.do`;

/** The operator's pooler selector set (connectionPoolerLabels(role, false)) for `acid-test`. */
export const poolerSelector = (name: string) => ({ 'application': 'db-connection-pooler', 'cluster-name': CLUSTER, 'connection-pooler': name });
/** The operator's pooler object set (connectionPoolerLabels(role, true)), no inherited labels. */
export const poolerLabels = (name: string, role: 'master' | 'replica') => ({ ...poolerSelector(name), 'team': 'acid', 'spilo-role': role });

export interface BuiltPooler extends Built {
  readonly deployment: any;
  readonly pod: any;
  readonly container: any;
  readonly service: any;
}

/**
 * GIVEN cluster `acid-test` in namespace `db` with `connectionPooler` (plus other props and fleet),
 * WHEN synthesized and validated, THEN the pooler `name` (default the primary's) and its parts.
 */
export function buildPooler(pooler: ConnectionPoolerOptions = {}, props: Partial<PostgresClusterProps> = {},
  fleet?: FleetDefaultsProps, name = POOLER, namespace: string | null = NAMESPACE): BuiltPooler {
  const built = build({ connectionPooler: pooler, ...props }, fleet, namespace);
  const deployment = named(built.objects, 'Deployment', name);
  return {
    ...built,
    deployment,
    pod: deployment.spec.template.spec,
    container: deployment.spec.template.spec.containers[0],
    service: named(built.objects, 'Service', name),
  };
}

/** Env of a container as [name, value] with secretKeyRefs shown as `secret:<name>/<key>`. */
export function envPairs(container: any): Array<[string, string]> {
  return container.env.map((e: any) => [e.name, e.value ?? `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`]);
}
