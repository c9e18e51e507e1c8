import { ClusterFacts } from './cluster-facts';
import { ClusterObjects } from './cluster-grouping';

/** What a removed cluster leaves behind and what its owner does about it. Nothing of its data is deleted. */
export function removalNotes(c: ClusterObjects, facts: ClusterFacts): string[] {
  const ns = c.namespace ? ` -n ${c.namespace}` : '';
  const claims = Array.from({ length: Math.max(facts.members, 1) }, (_, i) => `pgdata-${c.name}-${i}`);
  const hasBackupJob = c.objects.some(o => o.kind === 'CronJob');
  return [
    `the data stays: the member claims (${claims.join(', ')}) are retained (persistentVolumeClaimRetentionPolicy Retain), with their volumes`,
    `also stays: Patroni's ConfigMaps (${c.name}-leader, -config, -sync, -failover; Patroni made them, git never owned them) and the credential Secrets the credentials Job created (\`*.${c.name}.credentials.postgresql.acid.zalan.do\`)`,
    ...(hasBackupJob ? ['the logical backup CronJob is removed; backups already in the bucket stay'] : ['WAL archives and backups in a bucket, if any, stay']),
    `to free it all once the data is no longer needed: \`kubectl delete pvc,configmap,secret${ns} -l cluster-name=${c.name}\` (check the list with \`kubectl get\` first); to bring the cluster back, restore the removed code: the same name adopts the claims`,
  ];
}
