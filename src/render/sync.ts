import { Construct } from 'constructs';
import { SyncJob } from './sync-job';
import { ClusterIdentity } from '../model/resolved-cluster';
import { ResolvedUsers } from '../model/users';
import { jobPodLabels } from '../private/labels';
import { names } from '../private/names';
import { syncSqlLines } from '../users/sync-sql';

/** The sync Job that applies roles, databases and privileges, when the cluster declares any. */
export function renderSync(
  scope: Construct, id: string, cluster: ClusterIdentity, image: string, superuser: string, users: ResolvedUsers, sslMode: string,
): void {
  const model = users.model;
  if (model.roles.length === 0 && model.databases.length === 0) return;
  new SyncJob(scope, `${id}SyncJob`, {
    cluster: cluster.name,
    namespace: cluster.namespace,
    image,
    labels: cluster.labels,
    podLabels: jobPodLabels(cluster.labels, cluster.selector, cluster.keys.clusterNameLabel, 'spilo-sync'),
    annotations: cluster.annotations,
    sqlLines: syncSqlLines(model, { passwordEnv: role => users.passwordEnv.get(role)?.env }),
    superuserSecret: names.credentialsSecret(superuser, cluster.name),
    passwords: [...users.passwordEnv.values()],
    sslMode,
    rotation: Object.fromEntries(Object.entries(users.rotation).filter(([role]) => users.passwordEnv.has(role))),
  });
}
