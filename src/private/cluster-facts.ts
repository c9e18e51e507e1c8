import { IConstruct } from 'constructs';

/** What the monitoring objects need to know of a cluster beyond its public fields. */
export interface ClusterFacts {
  readonly labels: Record<string, string>;
  readonly clusterNameLabel: string;
  readonly archiving: boolean;
}

// Kept beside the constructs rather than on them: the public interface stays free of internals.
const FACTS = new WeakMap<IConstruct, ClusterFacts>();

export function recordClusterFacts(cluster: IConstruct, facts: ClusterFacts): void {
  FACTS.set(cluster, facts);
}

/** The facts of a PostgresCluster; anything else is refused. */
export function clusterFacts(cluster: IConstruct): ClusterFacts {
  const facts = FACTS.get(cluster);
  if (!facts) throw new Error(`${cluster?.node?.path ?? String(cluster)}: monitoring needs a PostgresCluster`);
  return facts;
}
