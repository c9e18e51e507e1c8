/** What the monitoring objects need to know beyond the public fields. */
export interface ClusterFacts {
  readonly labels: Record<string, string>;
  readonly clusterNameLabel: string;
  readonly archiving: boolean;
}
