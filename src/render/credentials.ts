import { Construct } from 'constructs';
import { CredentialsJob } from './credentials-job';
import { renderExternalSecrets } from './external-secrets';
import { ClusterIdentity } from '../model/resolved-cluster';
import { ResolvedUsers } from '../model/users';
import { declareExternal } from '../private/external';
import { jobPodLabels } from '../private/labels';

/**
 * The credentials Secrets' producers: the credentials Job for generated passwords, ExternalSecrets for
 * External Secrets; the user's own Secrets and the ones the cluster reads are recorded as references.
 */
export function renderCredentials(scope: Construct, id: string, cluster: ClusterIdentity, image: string, users: ResolvedUsers): void {
  for (const ref of users.externals) declareExternal(scope, ref.kind, ref.namespace, ref.name);
  if (users.generated.length > 0) {
    new CredentialsJob(scope, `${id}CredentialsJob`, {
      cluster: cluster.name,
      namespace: cluster.namespace,
      image,
      labels: cluster.labels,
      podLabels: jobPodLabels(cluster.labels, cluster.selector, cluster.keys.clusterNameLabel, 'spilo-credentials'),
      annotations: cluster.annotations,
      secrets: users.generated,
    });
  }
  if (users.external.length > 0) {
    renderExternalSecrets(scope, `${id}ExternalSecrets`, {
      cluster: cluster.name,
      labels: cluster.labels,
      annotations: cluster.annotations,
      secrets: users.external,
    });
  }
}
