import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { backupNames } from '../backup/private/names';
import { BackupPlan } from '../model/backup';
import { ClusterIdentity } from '../model/resolved-cluster';
import { kubeObject } from '../private/kube-object';

/** The log upload's AWS config ConfigMap `<c>-log-shipping-aws`, when log shipping needs one. */
export function renderLogShipping(scope: Construct, cluster: ClusterIdentity, plan: BackupPlan): void {
  if (!plan.awsConfig) return;
  kubeObject(scope, 'LogShippingAwsConfig', k8s.KubeConfigMap.GVK,
    { name: backupNames.logShippingAwsConfig(cluster.name), namespace: cluster.namespace, labels: cluster.labels }, { data: plan.awsConfig });
}
