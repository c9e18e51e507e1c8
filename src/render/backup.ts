import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { backupNames } from '../backup/private/names';
import { BackupPlan } from '../model/backup';
import { ClusterIdentity } from '../model/resolved-cluster';
import { declareExternal } from '../private/external';
import { kubeObject } from '../private/kube-object';

/**
 * What WAL archiving, clone, standby and log shipping need besides the pod's env and volumes (which
 * the StatefulSet renderer takes from the plan): the log upload's AWS config, and the user's Secrets
 * recorded as references.
 */
export function renderBackupObjects(scope: Construct, cluster: ClusterIdentity, plan: BackupPlan): void {
  for (const secret of plan.secrets) declareExternal(scope, 'Secret', cluster.namespace, secret);
  if (plan.awsConfig) {
    kubeObject(scope, 'LogShippingAwsConfig', k8s.KubeConfigMap.GVK,
      { name: backupNames.logShippingAwsConfig(cluster.name), namespace: cluster.namespace, labels: cluster.labels }, { data: plan.awsConfig });
  }
}
